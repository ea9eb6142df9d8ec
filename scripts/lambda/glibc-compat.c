/*
 * Linked into the Lambda bootstrap by scripts/build-lambda (with --wrap=hypot,hypotf,arc4random).
 *
 * provided.al2023 ships glibc 2.34, whose loader refuses a binary that needs a newer symbol
 * version. Built on Debian 12 (glibc 2.36), the bootstrap would need two:
 * - hypot and hypotf got a new version, GLIBC_2.35 (a faster implementation of the same
 *   functions); these wrappers bind to the GLIBC_2.2.5 versions every glibc exports.
 * - arc4random (GLIBC_2.36) is called by the static libstdc++ (std::random_device); the wrapper
 *   draws the same uniform 32 bits from getrandom(2) (GLIBC_2.25), the kernel CSPRNG that glibc's
 *   arc4random itself uses.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

double hypot_glibc225(double x, double y);
float hypotf_glibc225(float x, float y);
__asm__(".symver hypot_glibc225, hypot@GLIBC_2.2.5");
__asm__(".symver hypotf_glibc225, hypotf@GLIBC_2.2.5");

double __wrap_hypot(double x, double y) { return hypot_glibc225(x, y); }
float __wrap_hypotf(float x, float y) { return hypotf_glibc225(x, y); }

uint32_t __wrap_arc4random(void) {
    uint32_t value;
    for (;;) {
        ssize_t n = getrandom(&value, sizeof value, 0);
        if (n == (ssize_t)sizeof value) return value;
        if (n < 0 && errno != EINTR) abort(); /* no entropy source: never return a weak value */
    }
}
