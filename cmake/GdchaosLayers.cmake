# The library's sources, one layer a directory of src/: the .cpp files directly in src/ ("core":
# the problem, decisions, recipes, the output contract), then each subdirectory of src/ (analysis,
# engine, io, and whatever comes next, such as model), with every .cpp file below it. New files and
# new layer directories are picked up at the next build (CONFIGURE_DEPENDS), with no edit here.
#
#   gdchaos_layer_sources(<src dir> <sources var>)
#
# sets <sources var> to the sources of all layers, files each layer's sources in an IDE source
# group of its name, and says at configure time which layers it found.
function(gdchaos_layer_sources root sources_var)
  file(GLOB core CONFIGURE_DEPENDS ${root}/*.cpp)
  set(sources ${core})
  list(LENGTH core core_count)
  set(summary "core (${core_count})")
  source_group(core FILES ${core})

  # Listing the directories too makes a new layer directory a reason to configure again.
  file(GLOB entries CONFIGURE_DEPENDS LIST_DIRECTORIES true RELATIVE ${root} ${root}/*)
  list(SORT entries)
  foreach(layer IN LISTS entries)
    if(NOT IS_DIRECTORY ${root}/${layer})
      continue()
    endif()
    file(GLOB_RECURSE layer_sources CONFIGURE_DEPENDS ${root}/${layer}/*.cpp)
    if(NOT layer_sources)
      continue()
    endif()
    list(LENGTH layer_sources n)
    list(APPEND sources ${layer_sources})
    string(APPEND summary ", ${layer} (${n})")
    source_group(${layer} FILES ${layer_sources})
  endforeach()

  message(STATUS "gdchaos library layers: ${summary}")
  set(${sources_var} ${sources} PARENT_SCOPE)
endfunction()
