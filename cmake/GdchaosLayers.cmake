# The library's sources, one layer a directory of src/ (core, model, theory, sample, engine,
# recipe, io, output, analysis, and whatever comes next), with every .cpp file below it; a .cpp
# file directly in src/ would belong to no layer and is refused. New files and
# new layer directories are picked up at the next build (CONFIGURE_DEPENDS), with no edit here.
#
#   gdchaos_layer_sources(<src dir> <sources var> [EXCLUDE <layer>...])
#
# EXCLUDE leaves out layers built as libraries of their own (cluster: it needs MPI).
# sets <sources var> to the sources of all layers, files each layer's sources in an IDE source
# group of its name, and says at configure time which layers it found.
function(gdchaos_layer_sources root sources_var)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "EXCLUDE")
  file(GLOB loose CONFIGURE_DEPENDS ${root}/*.cpp)
  if(loose)
    message(FATAL_ERROR "${loose}: a source directly in src/ belongs to no layer; put it in src/<layer>/")
  endif()
  set(sources "")
  set(summary "")

  # Listing the directories too makes a new layer directory a reason to configure again.
  file(GLOB entries CONFIGURE_DEPENDS LIST_DIRECTORIES true RELATIVE ${root} ${root}/*)
  list(SORT entries)
  foreach(layer IN LISTS entries)
    if(NOT IS_DIRECTORY ${root}/${layer} OR layer IN_LIST arg_EXCLUDE)
      continue()
    endif()
    file(GLOB_RECURSE layer_sources CONFIGURE_DEPENDS ${root}/${layer}/*.cpp)
    if(NOT layer_sources)
      continue()
    endif()
    list(LENGTH layer_sources n)
    list(APPEND sources ${layer_sources})
    if(summary)
      string(APPEND summary ", ")
    endif()
    string(APPEND summary "${layer} (${n})")
    source_group(${layer} FILES ${layer_sources})
  endforeach()

  message(STATUS "gdchaos library layers: ${summary}")
  set(${sources_var} ${sources} PARENT_SCOPE)
endfunction()
