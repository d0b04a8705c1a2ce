// GEOS's C API (Debian's libgeos-dev), reentrant functions only.
#include <geos_c.h>
