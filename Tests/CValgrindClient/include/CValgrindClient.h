/* Valgrind client requests for the constant-time check (Tests/ConstantTime): marking bytes
 * secret (undefined to memcheck) and public again. Without valgrind's headers (Debian package
 * valgrind) the requests are no-ops and ek_valgrind_headers() is 0, so the check refuses to run. */
#ifndef CVALGRINDCLIENT_H
#define CVALGRINDCLIENT_H

#include <stddef.h>

#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
static inline int ek_valgrind_headers(void) { return 1; }
/* 1 when the process runs under valgrind. */
static inline int ek_running_on_valgrind(void) { return RUNNING_ON_VALGRIND; }
static inline void ek_mark_secret(const void *p, size_t n) { (void)VALGRIND_MAKE_MEM_UNDEFINED(p, n); }
static inline void ek_mark_public(const void *p, size_t n) { (void)VALGRIND_MAKE_MEM_DEFINED(p, n); }
/* The number of errors memcheck has reported so far. */
static inline unsigned ek_valgrind_errors(void) { return VALGRIND_COUNT_ERRORS; }
#else
static inline int ek_valgrind_headers(void) { return 0; }
static inline int ek_running_on_valgrind(void) { return 0; }
static inline void ek_mark_secret(const void *p, size_t n) { (void)p; (void)n; }
static inline void ek_mark_public(const void *p, size_t n) { (void)p; (void)n; }
static inline unsigned ek_valgrind_errors(void) { return 0; }
#endif

#endif /* CVALGRINDCLIENT_H */
