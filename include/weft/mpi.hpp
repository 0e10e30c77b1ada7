#pragma once
// weft's MPI module: distributed arrays, reductions and stencils over the
// MPI C API (Open MPI, MPICH...). Optional: weft/weft.hpp never includes it;
// link the CMake target weft::mpi (find_package(weft COMPONENTS mpi)).
#include "weft/weft.hpp"

#include "weft/mpi/agree.hpp"
#include "weft/mpi/collectives.hpp"
#include "weft/mpi/communicator.hpp"
#include "weft/mpi/datatype.hpp"
#include "weft/mpi/environment.hpp"
#include "weft/mpi/partition.hpp"
#include "weft/mpi/reduce.hpp"
#include "weft/mpi/stencil.hpp"
#include "weft/mpi/sum.hpp"
