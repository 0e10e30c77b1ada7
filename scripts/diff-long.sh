#!/usr/bin/env bash
# A long differential run, outside CI: `expr_diff` in pieces of fixed-seed
# cases (each piece replayable alone), one after another, with a summary.
#
#   scripts/diff-long.sh EXPR_DIFF [pieces] [cases per piece] [first seed]
#
# e.g. scripts/diff-long.sh build/release/tests/expr_diff 10 100000 1000
# runs 10^6 cases. A mismatch stops the run and prints the replay command.
set -euo pipefail
binary=${1:?usage: scripts/diff-long.sh EXPR_DIFF [pieces] [cases per piece] [first seed]}
pieces=${2:-10}
cases=${3:-100000}
first=${4:-1000}
started=$SECONDS
for ((piece = 0; piece < pieces; ++piece)); do
  seed=$((first + piece))
  "$binary" "$cases" "$seed"
done
echo "diff-long: $((pieces * cases)) cases in $pieces pieces (seeds $first to $((first + pieces - 1))), $((SECONDS - started)) s: no mismatch"
