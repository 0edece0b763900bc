# Strict warnings on our own code only; third-party headers come in as SYSTEM includes.
function(aerowatch_enable_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wvla
    -Wimplicit-fallthrough)
endfunction()
