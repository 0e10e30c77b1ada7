#pragma once
// Kept in step with project(VERSION) in CMakeLists.txt (a test checks it).
#define WEFT_VERSION_MAJOR 0
#define WEFT_VERSION_MINOR 1
#define WEFT_VERSION_PATCH 0
