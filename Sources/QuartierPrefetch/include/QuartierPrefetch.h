#ifndef QUARTIER_PREFETCH_H
#define QUARTIER_PREFETCH_H

/// Asks the processor to bring the cache line at `p` closer, without waiting for it (a hint;
/// no effect on results). Used for the household table's random accesses.
static inline void quartier_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
