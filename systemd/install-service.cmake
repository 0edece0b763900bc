# Install-time half of the service install (included by cmake_install.cmake through
# install(SCRIPT)), so the paths follow the prefix that `cmake --install --prefix` or CPack
# chose, not the one configured. Expects AEROWATCH_SOURCE_DIR, AEROWATCH_BINARY_DIR,
# AEROWATCH_BINDIR, AEROWATCH_SYSCONFDIR, AEROWATCH_DOCDIR and AEROWATCH_SYSTEMD_UNITDIR
# (relative to the prefix, absolute, or empty for the default) from the install(CODE) before it.
#
# Layout for a prefix P:
#   P = /usr   -> /etc/aerowatch/aerowatch.toml, /etc/logrotate.d/aerowatch,
#                 /lib/systemd/system/aerowatchd.service (Debian 12's unit directory)
#   otherwise  -> P/etc/..., P/lib/systemd/system/aerowatchd.service
# Binaries, reference data and docs stay under P (bin/, share/aerowatch/, share/doc/aerowatch/).

set(_aw_prefix "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/+$" "" _aw_prefix "${_aw_prefix}")

function(_aw_under_prefix out value)
  if(IS_ABSOLUTE "${value}")
    set(${out} "${value}" PARENT_SCOPE)
  else()
    set(${out} "${_aw_prefix}/${value}" PARENT_SCOPE)
  endif()
endfunction()

_aw_under_prefix(_aw_bindir "${AEROWATCH_BINDIR}")
_aw_under_prefix(_aw_docdir "${AEROWATCH_DOCDIR}")

# GNUInstallDirs' rule: sysconfdir is /etc for the /usr prefix.
if(IS_ABSOLUTE "${AEROWATCH_SYSCONFDIR}")
  set(_aw_sysconfdir "${AEROWATCH_SYSCONFDIR}")
elseif(_aw_prefix STREQUAL "/usr" AND AEROWATCH_SYSCONFDIR STREQUAL "etc")
  set(_aw_sysconfdir "/etc")
else()
  set(_aw_sysconfdir "${_aw_prefix}/${AEROWATCH_SYSCONFDIR}")
endif()

if(AEROWATCH_SYSTEMD_UNITDIR)
  _aw_under_prefix(_aw_unitdir "${AEROWATCH_SYSTEMD_UNITDIR}")
elseif(_aw_prefix STREQUAL "/usr")
  set(_aw_unitdir "/lib/systemd/system")
else()
  set(_aw_unitdir "${_aw_prefix}/lib/systemd/system")
endif()

set(AEROWATCHD "${_aw_bindir}/aerowatchd")
set(AEROWATCH_CONFIG "${_aw_sysconfdir}/aerowatch/aerowatch.toml")
set(AEROWATCH_DOCDIR "${_aw_docdir}")
configure_file("${AEROWATCH_SOURCE_DIR}/systemd/aerowatchd.service.in"
               "${AEROWATCH_BINARY_DIR}/systemd/install/aerowatchd.service" @ONLY)

# file(INSTALL) adds $DESTDIR and records the files in install_manifest.txt.
file(INSTALL DESTINATION "${_aw_unitdir}" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${AEROWATCH_BINARY_DIR}/systemd/install/aerowatchd.service")
file(INSTALL DESTINATION "${_aw_sysconfdir}/aerowatch" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${AEROWATCH_SOURCE_DIR}/systemd/aerowatch.toml")
file(INSTALL DESTINATION "${_aw_sysconfdir}/logrotate.d" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     RENAME aerowatch
     FILES "${AEROWATCH_SOURCE_DIR}/config/logrotate.aerowatch")
