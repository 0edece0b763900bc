# Strict warnings on our own code only; third-party headers come in as SYSTEM includes.
function(aerowatch_enable_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wvla
    -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 at -O2/-O3 reports std::optional<int> and short std::string members as "maybe
    # uninitialized" where they provably are not (GCC bugs 105562, 107919), and which functions
    # it flags changes with inlining. Kept visible as a warning, not an error.
    target_compile_options(${target} PRIVATE -Wno-error=maybe-uninitialized)
  endif()
endfunction()
