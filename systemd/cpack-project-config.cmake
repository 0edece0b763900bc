# Read by cpack (CPACK_PROJECT_CONFIG_FILE). The package always installs under /usr, but the
# binaries carry the default config path fixed at configure time: say so when they disagree.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_AEROWATCH_CONFIGURED_PREFIX STREQUAL "/usr")
  message(WARNING
    "aerowatch: this build was configured with CMAKE_INSTALL_PREFIX=${CPACK_AEROWATCH_CONFIGURED_PREFIX}; "
    "the packaged unit passes --config /etc/aerowatch/aerowatch.toml, but `aerowatch` and "
    "`aerowatchd` without --config look in ${CPACK_AEROWATCH_CONFIGURED_PREFIX}/etc/aerowatch. "
    "Configure a release build with -DCMAKE_INSTALL_PREFIX=/usr for a package.")
endif()
