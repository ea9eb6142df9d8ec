/* The run-time CPU check behind ek_fp_mul: once, at load time. */
#include "CBLS12381Field.h"

#include <stdlib.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

int ek_fp_use_mulx = 0;

int ek_fp_mulx_available(void) { return ek_fp_use_mulx; }

/* cpuid leaf 7, sub-leaf 0: EBX bit 8 is BMI2 (mulx), bit 19 is ADX (adcx, adox).
 * ETHERKEEP_BLS_PORTABLE=1 forces the portable path (benchmarks and tests of that path). */
__attribute__((constructor)) static void ek_fp_detect_cpu(void) {
#if defined(__x86_64__)
    const char *force = getenv("ETHERKEEP_BLS_PORTABLE");
    if (force != NULL && force[0] == '1') return;
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        ek_fp_use_mulx = ((ebx >> 8) & 1) && ((ebx >> 19) & 1);
    }
#endif
}
