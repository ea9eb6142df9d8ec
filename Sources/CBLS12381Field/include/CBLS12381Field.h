/* CBLS12381Field: the 6-limb Montgomery product and square of the BLS12-381 base field Fp, in C.
 *
 * p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab,
 * elements are six 64-bit limbs, least significant first, in Montgomery form (a R mod p, R = 2^384),
 * fully reduced (< p) on input and output.
 *
 * Two implementations of one algorithm (CIOS, Koc, Acar and Kaliski 1996):
 *   - ek_fp_mul_mulx: x86-64 mulx/adcx/adox inline assembly (ek_fp_mulx.h, generated);
 *   - ek_fp_mul_portable: unsigned __int128, any 64-bit target.
 * ek_fp_mul picks one with a flag set once at load time from cpuid (ek_fp_dispatch.c); the flag is
 * public (the CPU), so the branch on it leaks nothing. Everything here is constant-time in the
 * operands: straight-line code, no table lookups, and the final conditional subtraction is a masked
 * (or cmov) selection behind a value barrier, so the compiler cannot turn it into a branch.
 *
 * The functions are static inline so that Swift inlines them through the Clang importer.
 */
#ifndef CBLS12381FIELD_H
#define CBLS12381FIELD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The limbs of p, least significant first, and -p^-1 mod 2^64. */
static const uint64_t EK_FP_P[6] = {
    0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
    0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL,
};
static const uint64_t EK_FP_INV = 0x89f3fffcfffcfffdULL;

/* 1 when the CPU has BMI2 and ADX (set once by a constructor; 0 until then, which is safe). */
extern int ek_fp_use_mulx;

/* Whether ek_fp_mul uses the mulx path (for the benchmark's report and the tests). */
int ek_fp_mulx_available(void);

/* Every loop below has a constant trip count; unrolled fully, the kernels are straight-line code
 * (scripts/check-constant-time checks the object code for conditional jumps). */
#define EK_UNROLL _Pragma("clang loop unroll(full)")

/* Hides a value from the optimiser, so that masks stay masks (no select-to-branch). */
static inline __attribute__((always_inline)) uint64_t ek_value_barrier(uint64_t x) {
    __asm__("" : "+r"(x));
    return x;
}

/* r = a * b * R^-1 mod p with unsigned __int128 (CIOS, "no-carry" variant: the top limb of p is
 * below 2^63 - 1, so six limbs plus two carry words hold every intermediate). r may alias a or b. */
static inline __attribute__((always_inline))
void ek_fp_mul_portable(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
    typedef unsigned __int128 u128;
    uint64_t t[6] = {0, 0, 0, 0, 0, 0};
    EK_UNROLL
    for (int i = 0; i < 6; i++) {
        uint64_t bi = b[i];
        u128 uv = (u128)t[0] + (u128)a[0] * bi;
        t[0] = (uint64_t)uv;
        uint64_t A = (uint64_t)(uv >> 64);
        uint64_t m = t[0] * EK_FP_INV;
        uv = (u128)t[0] + (u128)m * EK_FP_P[0];
        uint64_t C = (uint64_t)(uv >> 64);
        EK_UNROLL
        for (int j = 1; j < 6; j++) {
            uv = (u128)t[j] + (u128)a[j] * bi + A;
            t[j] = (uint64_t)uv;
            A = (uint64_t)(uv >> 64);
            uv = (u128)t[j] + (u128)m * EK_FP_P[j] + C;
            t[j - 1] = (uint64_t)uv;
            C = (uint64_t)(uv >> 64);
        }
        t[5] = C + A;  /* no overflow: the no-carry bound */
    }
    /* t < 2p: subtract p, and keep t when that borrows (masked, not branched). */
    uint64_t d[6];
    unsigned long long borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) d[j] = __builtin_subcll(t[j], EK_FP_P[j], borrow, &borrow);
    uint64_t keep = ek_value_barrier(0 - (uint64_t)borrow);
    EK_UNROLL
    for (int j = 0; j < 6; j++) r[j] = (t[j] & keep) | (d[j] & ~keep);
}

#include "ek_fp_mulx.h"

/* r = a * b * R^-1 mod p on the fastest path this CPU has. Constant-time in a and b. */
static inline __attribute__((always_inline))
void ek_fp_mul(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
#if defined(__x86_64__)
    if (ek_fp_use_mulx) { ek_fp_mul_mulx(r, a, b); return; }
#endif
    ek_fp_mul_portable(r, a, b);
}

/* r = a^2 * R^-1 mod p. Constant-time in a. (The Montgomery product with itself: a dedicated
 * squaring saves 15 of 36 limb products but not the 36 of the reduction; measured payoff small.) */
static inline __attribute__((always_inline))
void ek_fp_sqr(uint64_t r[6], const uint64_t a[6]) {
    ek_fp_mul(r, a, a);
}

/* ---- Double-width products and lazy reduction (Fp2 multiplication) ---- */

/* r[0..11] = a * b, the 768-bit product, with unsigned __int128. r must not alias a or b. */
static inline __attribute__((always_inline))
void ek_fp_mul_wide_portable(uint64_t r[12], const uint64_t a[6], const uint64_t b[6]) {
    typedef unsigned __int128 u128;
    EK_UNROLL
    for (int k = 0; k < 12; k++) r[k] = 0;
    EK_UNROLL
    for (int i = 0; i < 6; i++) {
        uint64_t carry = 0;
        EK_UNROLL
        for (int j = 0; j < 6; j++) {
            u128 uv = (u128)a[j] * b[i] + r[i + j] + carry;
            r[i + j] = (uint64_t)uv;
            carry = (uint64_t)(uv >> 64);
        }
        r[i + 6] = carry;
    }
}

/* r = t * R^-1 mod p for t < p R (Montgomery reduction). U = (L + M p) / R <= p from the low half
 * L, plus the high half H < p: below 2p, so one masked subtraction. */
static inline __attribute__((always_inline))
void ek_fp_redc_portable(uint64_t r[6], const uint64_t tin[12]) {
    typedef unsigned __int128 u128;
    uint64_t t[7] = {tin[0], tin[1], tin[2], tin[3], tin[4], tin[5], 0};
    EK_UNROLL
    for (int i = 0; i < 6; i++) {
        uint64_t m = t[0] * EK_FP_INV;
        u128 uv = (u128)t[0] + (u128)m * EK_FP_P[0];
        uint64_t carry = (uint64_t)(uv >> 64);
        EK_UNROLL
        for (int j = 1; j < 6; j++) {
            uv = (u128)t[j] + (u128)m * EK_FP_P[j] + carry;
            t[j - 1] = (uint64_t)uv;
            carry = (uint64_t)(uv >> 64);
        }
        t[5] = carry;  /* the window shifts down one limb; U stays below 2^384 */
    }
    unsigned long long c = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) t[j] = __builtin_addcll(t[j], tin[6 + j], c, &c);
    uint64_t d[6];
    unsigned long long borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) d[j] = __builtin_subcll(t[j], EK_FP_P[j], borrow, &borrow);
    uint64_t keep = ek_value_barrier(0 - (uint64_t)borrow);
    EK_UNROLL
    for (int j = 0; j < 6; j++) r[j] = (t[j] & keep) | (d[j] & ~keep);
}

static inline __attribute__((always_inline))
void ek_fp_mul_wide(uint64_t r[12], const uint64_t a[6], const uint64_t b[6]) {
#if defined(__x86_64__)
    if (ek_fp_use_mulx) { ek_fp_mul_wide_mulx(r, a, b); return; }
#endif
    ek_fp_mul_wide_portable(r, a, b);
}

static inline __attribute__((always_inline))
void ek_fp_redc(uint64_t r[6], const uint64_t t[12]) {
#if defined(__x86_64__)
    if (ek_fp_use_mulx) { ek_fp_redc_mulx(r, t); return; }
#endif
    ek_fp_redc_portable(r, t);
}

/* r = a + b as plain integers (no reduction): a, b < p give r < 2p < 2^382. */
static inline __attribute__((always_inline))
void ek_fp_add_unreduced(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
    unsigned long long c = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) r[j] = __builtin_addcll(a[j], b[j], c, &c);
}

/* r = s - p if s >= p, else s (s < 2p): the final conditional subtraction, masked. r may alias s. */
static inline __attribute__((always_inline))
void ek_fp_reduce_once(uint64_t r[6], const uint64_t s[6]) {
    uint64_t d[6];
    unsigned long long borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) d[j] = __builtin_subcll(s[j], EK_FP_P[j], borrow, &borrow);
    uint64_t keep = ek_value_barrier(0 - (uint64_t)borrow);  /* a borrow means s < p: keep s */
    EK_UNROLL
    for (int j = 0; j < 6; j++) r[j] = (s[j] & keep) | (d[j] & ~keep);
}

/* r = a + b mod p (a, b < p). Constant-time. r may alias a or b. */
static inline __attribute__((always_inline))
void ek_fp_add(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
    uint64_t s[6];
    ek_fp_add_unreduced(s, a, b);
    ek_fp_reduce_once(r, s);
}

/* r = a - b mod p (a, b < p): the difference, plus p when it borrows (masked). Constant-time.
 * r may alias a or b. */
static inline __attribute__((always_inline))
void ek_fp_sub(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
    uint64_t d[6];
    unsigned long long borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) d[j] = __builtin_subcll(a[j], b[j], borrow, &borrow);
    uint64_t mask = ek_value_barrier(0 - (uint64_t)borrow);
    unsigned long long c = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) r[j] = __builtin_addcll(d[j], EK_FP_P[j] & mask, c, &c);
}

/* Fp2 sum and difference, both coefficients in one call. Constant-time. r may alias a or b. */
static inline __attribute__((always_inline))
void ek_fp2_add(uint64_t r[12], const uint64_t a[12], const uint64_t b[12]) {
    ek_fp_add(r, a, b);
    ek_fp_add(r + 6, a + 6, b + 6);
}

static inline __attribute__((always_inline))
void ek_fp2_sub(uint64_t r[12], const uint64_t a[12], const uint64_t b[12]) {
    ek_fp_sub(r, a, b);
    ek_fp_sub(r + 6, a + 6, b + 6);
}

/* r = entry `index` of a table of `count` entries of `words` limbs each, reading every entry and
 * keeping the wanted one with a mask behind the value barrier: time and memory accesses do not
 * depend on `index` (the table scan of the constant-time scalar multiplications). Entries beyond
 * the table (index >= count) give zeros. The loop bounds are public. */
static inline __attribute__((always_inline))
void ek_select_entry(uint64_t *r, const uint64_t *table, uint64_t count, uint64_t words, uint64_t index) {
    for (uint64_t w = 0; w < words; w++) r[w] = 0;
    for (uint64_t j = 0; j < count; j++) {
        uint64_t diff = j ^ index;
        /* (diff | -diff) >> 63 is 0 exactly when diff is 0: the mask is all ones for entry `index` */
        uint64_t mask = ek_value_barrier(((diff | (0 - diff)) >> 63) - 1);
        for (uint64_t w = 0; w < words; w++) r[w] |= table[j * words + w] & mask;
    }
}

/* Fp2 = Fp[u]/(u^2 + 1) multiplication with lazy reduction: three double-width products and two
 * reductions (instead of three Montgomery products):
 *   c0 = redc(a0 b0 - a1 b1), adding p 2^384 when the difference is negative (masked), so the
 *        input to redc is in [0, p 2^384);
 *   c1 = redc((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) = redc(a0 b1 + a1 b0), below 2p^2 < p 2^384.
 * The sums a0 + a1, b0 + b1 are left unreduced (< 2p). Constant-time. r may alias a or b. */
static inline __attribute__((always_inline))
void ek_fp2_mul(uint64_t r[12], const uint64_t a[12], const uint64_t b[12]) {
    uint64_t v0[12], v1[12], s[12], sa[6], sb[6];
    ek_fp_add_unreduced(sa, a, a + 6);
    ek_fp_add_unreduced(sb, b, b + 6);
    ek_fp_mul_wide(v0, a, b);
    ek_fp_mul_wide(v1, a + 6, b + 6);
    ek_fp_mul_wide(s, sa, sb);
    /* s = s - v0 - v1 (never negative) */
    unsigned long long borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 12; j++) s[j] = __builtin_subcll(s[j], v0[j], borrow, &borrow);
    borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 12; j++) s[j] = __builtin_subcll(s[j], v1[j], borrow, &borrow);
    /* v0 = v0 - v1, plus p 2^384 on a borrow */
    borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 12; j++) v0[j] = __builtin_subcll(v0[j], v1[j], borrow, &borrow);
    uint64_t mask = ek_value_barrier(0 - (uint64_t)borrow);
    unsigned long long c = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) v0[6 + j] = __builtin_addcll(v0[6 + j], EK_FP_P[j] & mask, c, &c);
    ek_fp_redc(r, v0);
    ek_fp_redc(r + 6, s);
}

/* Fp2 squaring with lazy reduction: two double-width products and two reductions (instead of
 * two Montgomery products, an addition, a subtraction and a doubling, each reduced):
 *   c0 = redc((a0 + a1)(a0 + p - a1)) = redc(a0^2 - a1^2),
 *   c1 = redc((a0 + a0) a1)           = redc(2 a0 a1).
 * The three sums are left unreduced (< 2p), so both products are below 4p^2 < p 2^384 and one
 * reduction each gives a reduced result. Constant-time. r may alias a. */
static inline __attribute__((always_inline))
void ek_fp2_sqr(uint64_t r[12], const uint64_t a[12]) {
    uint64_t sum[6], diff[6], twice[6], w0[12], w1[12];
    ek_fp_add_unreduced(sum, a, a + 6);
    ek_fp_add_unreduced(diff, a, EK_FP_P);
    /* diff = a0 + p - a1 >= p - a1 > 0: no borrow out */
    unsigned long long borrow = 0;
    EK_UNROLL
    for (int j = 0; j < 6; j++) diff[j] = __builtin_subcll(diff[j], a[6 + j], borrow, &borrow);
    ek_fp_add_unreduced(twice, a, a);
    ek_fp_mul_wide(w0, sum, diff);
    ek_fp_mul_wide(w1, twice, a + 6);
    ek_fp_redc(r, w0);
    ek_fp_redc(r + 6, w1);
}

#ifdef __cplusplus
}
#endif

#endif /* CBLS12381FIELD_H */
