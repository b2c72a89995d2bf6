# Run by tests/packaging: cmake -DBUILD_DIR=... -DOUT=... -DGUI=ON|OFF -P check_deb.cmake
# Builds the Debian package with CPack and reads it back: control fields, dependencies taken from
# the binaries, every installed file in /usr, and the packed CLI runs.
cmake_minimum_required(VERSION 3.25)

set(CHECK_NAME test_deb_package)
include(${CMAKE_CURRENT_LIST_DIR}/script_helpers.cmake)

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
run(cpack -G DEB -B "${OUT}" --config "${BUILD_DIR}/CPackConfig.cmake")
file(GLOB debs "${OUT}/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
  fail("expected one .deb in ${OUT}, found ${count}: ${debs}")
endif()
list(GET debs 0 deb)
get_filename_component(name "${deb}" NAME)
if(NOT name MATCHES "^ifedit-studio_[0-9]+\\.[0-9]+\\.[0-9]+_amd64\\.deb$")
  fail("unexpected package file name ${name}")
endif()

run(dpkg-deb --field "${deb}" Package Version Architecture Section Depends Recommends)
set(control "${RUN_OUTPUT}")
foreach(field "Package: ifedit-studio" "Architecture: amd64" "Section: graphics"
              "Recommends: qt6-image-formats-plugins, qt6-translations-l10n, fonts-wqy-microhei | fonts-noto-cjk")
  string(FIND "${control}" "${field}" at)
  if(at EQUAL -1)
    fail("control lacks '${field}':\n${control}")
  endif()
endforeach()
# Dependencies come from the linked libraries: Qt, libtorch, OpenCV.
set(needed libqt6core6 libqt6network6 libtorch libopencv-core libqt6svg6)
if(GUI)
  list(APPEND needed libqt6widgets6)
endif()
foreach(pkg ${needed})
  if(NOT control MATCHES "Depends:[^\n]*${pkg}")
    fail("Depends does not name ${pkg}:\n${control}")
  endif()
endforeach()

run(dpkg-deb --contents "${deb}")
set(contents "${RUN_OUTPUT}")
set(expected ./usr/bin/ifedit-cli ./usr/share/ifedit/demo/high_noise_model/config.json
             ./usr/share/ifedit/demo/google/umt5-xxl/spiece.model ./usr/share/ifedit/demo/Wan2.1_VAE.pth)
if(GUI)
  list(APPEND expected ./usr/bin/ifedit ./usr/share/applications/ifedit.desktop
       ./usr/share/metainfo/io.github.ifedit.Studio.metainfo.xml
       ./usr/share/icons/hicolor/scalable/apps/ifedit.svg)
endif()
foreach(f ${expected})
  string(FIND "${contents}" " ${f}\n" at)
  if(at EQUAL -1)
    fail("${f} is not in the package:\n${contents}")
  endif()
endforeach()

# The packed CLI runs from the unpacked tree.
run(dpkg-deb -x "${deb}" "${OUT}/root")
run("${OUT}/root/usr/bin/ifedit-cli" --version)
if(NOT RUN_OUTPUT MATCHES "[0-9]+\\.[0-9]+\\.[0-9]+")
  fail("ifedit-cli --version printed no version: ${RUN_OUTPUT}")
endif()
message(STATUS "test_deb_package: ${name} checked")
