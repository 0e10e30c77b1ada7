# weft_dispatch_sources(<target> <source>... [SETS <set>...])
#
# Compiles each source once per instruction set (sse2, avx2 for AVX2 + FMA,
# avx512 for AVX-512 F/CD/BW/DQ/VL) and links every copy into <target>, so
# that a program built with default flags runs weft's lanes at the host's
# best width. The functions a source defines in `namespace
# WEFT_TARGET_NAMESPACE` are called through WEFT_DISPATCH declarations
# (weft/simd/dispatch.hpp), which pick the copy at each call.
#
# How the copies stay apart: each is compiled in its own object library
# (with the target's include directories, definitions, options and link
# libraries), then objcopy makes every symbol it defines local except the
# functions of its weft_target_<set> namespace and weft's process-wide
# state (weft::detail::process: the thread count, the array cache, the
# chosen set), whose first definition -- the SSE2 copy's, linked first, or
# the program's own -- is shared by all. So the AVX-512 copy of an inline
# function (weft's, the standard library's, the source's own) can never be
# the one an SSE2 code path calls.
#
# SETS defaults to WEFT_DISPATCH_SETS (cache, "sse2;avx2;avx512"). Each set
# costs one more compile of the sources. With fixed instruction-set flags
# (-march=..., -mavx..., -mx86-64-v... in CMAKE_CXX_FLAGS, the build type's
# flags or the target's COMPILE_OPTIONS when this is called), on other
# processors, or without objcopy, the sources are compiled once, in
# namespace weft_target_native, and WEFT_DISPATCH calls that copy directly.
# Needs CMake 3.18.

set(WEFT_DISPATCH_SETS "sse2;avx2;avx512" CACHE STRING
    "Instruction sets weft_dispatch_sources compiles its sources for (any of sse2, avx2, avx512)")

function(weft_dispatch_sources target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SETS")
  set(sources ${arg_UNPARSED_ARGUMENTS})
  if(NOT sources)
    message(FATAL_ERROR "weft_dispatch_sources(${target}): no sources given")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "weft_dispatch_sources: ${target} is not a target")
  endif()
  set(sets ${WEFT_DISPATCH_SETS})
  if(arg_SETS)
    set(sets ${arg_SETS})
  endif()
  set(known sse2 avx2 avx512)
  foreach(set IN LISTS sets)
    if(NOT set IN_LIST known)
      message(FATAL_ERROR "weft_dispatch_sources(${target}): unknown instruction set '${set}' (known: sse2, avx2, avx512)")
    endif()
  endforeach()
  set(ordered "")  # sse2 first: its copy of the shared state is the one kept
  foreach(set IN LISTS known)
    if(set IN_LIST sets)
      list(APPEND ordered ${set})
    endif()
  endforeach()

  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  get_target_property(options ${target} COMPILE_OPTIONS)
  set(flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${config}} ${options}")
  set(fixed FALSE)
  if(flags MATCHES "-march=|-mavx|-mx86-64-v|-msse4|-mfma")
    set(fixed TRUE)
  endif()
  set(x86 FALSE)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang"
     AND NOT APPLE AND NOT WIN32)
    set(x86 TRUE)
  endif()
  if(fixed OR NOT x86 OR NOT CMAKE_OBJCOPY OR NOT ordered)
    # (The namespace for the whole target: source properties are shared by
    # every target of the directory.)
    target_sources(${target} PRIVATE ${sources})
    target_compile_definitions(${target} PRIVATE WEFT_TARGET_NAMESPACE=weft_target_native)
    target_compile_definitions(${target} PUBLIC WEFT_DISPATCH_NATIVE=1)
    return()
  endif()

  set(flags_sse2 "")
  set(flags_avx2 -mavx2 -mfma)
  set(flags_avx512 -mavx512f -mavx512cd -mavx512bw -mavx512dq -mavx512vl -mavx2 -mfma)
  foreach(set IN LISTS ordered)
    string(TOUPPER ${set} upper)
    target_compile_definitions(${target} PUBLIC WEFT_DISPATCH_${upper}=1)
  endforeach()
  file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/weft_dispatch")
  set(index 0)
  foreach(source IN LISTS sources)
    get_filename_component(stem "${source}" NAME_WE)
    foreach(set IN LISTS ordered)
      set(copy "${target}_weft_${set}_${index}_${stem}")
      add_library(${copy} OBJECT "${source}")
      target_link_libraries(${copy} PRIVATE weft::weft $<TARGET_PROPERTY:${target},LINK_LIBRARIES>)
      target_include_directories(${copy} PRIVATE $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
      target_compile_definitions(${copy} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>
                                 WEFT_TARGET_NAMESPACE=weft_target_${set} WEFT_DISPATCH_COPY=1)
      target_compile_options(${copy} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_OPTIONS> ${flags_${set}})
      # GCC marks the static locals of inline functions STB_GNU_UNIQUE, which
      # objcopy cannot make local and the linker cannot merge without their
      # COMDAT groups: weak symbols instead.
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${copy} PRIVATE -fno-gnu-unique)
      endif()
      target_compile_features(${copy} PRIVATE cxx_std_20)
      # objcopy cannot rewrite LTO objects: these are always real code.
      # (Position-independent, so the copies fit executables and shared
      # libraries alike.)
      set_target_properties(${copy} PROPERTIES INTERPROCEDURAL_OPTIMIZATION OFF POSITION_INDEPENDENT_CODE ON)
      string(LENGTH "weft_target_${set}" length)
      set(local "${CMAKE_CURRENT_BINARY_DIR}/weft_dispatch/${copy}${CMAKE_CXX_OUTPUT_EXTENSION}")
      add_custom_command(
        OUTPUT "${local}"
        COMMAND "${CMAKE_OBJCOPY}" --wildcard
                "--keep-global-symbol=*${length}weft_target_${set}*"
                "--keep-global-symbol=*N4weft6detail7process*"
                --remove-section=.group
                "$<TARGET_OBJECTS:${copy}>" "${local}"
        DEPENDS ${copy} "$<TARGET_OBJECTS:${copy}>"
        COMMENT "weft: ${source} for ${set}, its inline functions made local"
        VERBATIM)
      target_sources(${target} PRIVATE "${local}")
      set_source_files_properties("${local}" TARGET_DIRECTORY ${target} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
    endforeach()
    math(EXPR index "${index} + 1")
  endforeach()
endfunction()
