# Install rules and the CMake package config (completed by the packaging issue).
include(GNUInstallDirs)
