#include "QuartierPrefetch.h"
