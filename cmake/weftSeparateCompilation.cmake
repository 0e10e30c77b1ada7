# weft_separate_compilation(<name>): a static library <name> that compiles,
# once, the loops every weft expression of a rank shares (an assignment's,
# a reduction's: <weft/separate_compilation.hpp>), for targets that link it
# instead of weft::weft. Their translation units then compile only their
# expressions' kernels (WEFT_SEPARATE_COMPILATION=1, weft/config.hpp).
#
#   weft_separate_compilation(app_weft)
#   target_compile_options(app_weft PUBLIC -march=native)  # flags for all its users
#   target_link_libraries(app PRIVATE app_weft)
#
# The library must be built with the instruction-set flags of the code that
# uses it, which PUBLIC options on it give; a mismatch does not link (the
# loops' symbols name the lanes). Copies compiled by weft_dispatch_sources
# keep their own loops.
function(weft_separate_compilation name)
  set(source "${CMAKE_CURRENT_BINARY_DIR}/weft_separate_compilation/${name}.cpp")
  file(CONFIGURE OUTPUT "${source}" CONTENT "#include <weft/separate_compilation.hpp>\n")
  add_library(${name} STATIC "${source}")
  target_link_libraries(${name} PUBLIC weft::weft)
  target_compile_definitions(${name} PUBLIC WEFT_SEPARATE_COMPILATION=1)
  target_compile_features(${name} PUBLIC cxx_std_20)
endfunction()
