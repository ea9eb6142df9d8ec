/// The simplified Shallue-van de Woestijne-Ulas map onto E2': y^2 = x^3 + A' x + B'
/// (RFC 9380 section 6.6.2, straight-line form of Appendix F.2). Constant-time.
enum SimplifiedSWU {
    /// Maps `u` to a point of E2', returned with x as a fraction `xn / xd` so that the
    /// isogeny can absorb the division (saving an inversion).
    static func map(_ u: Fp2) -> (x: (numerator: Fp2, denominator: Fp2), y: Fp2) {
        let A = Constants.sswuA, B = Constants.sswuB, Z = Constants.sswuZ
        var tv1 = u.squared()                              // 1. tv1 = u^2
        tv1 = Z * tv1                                      // 2. tv1 = Z * tv1
        var tv2 = tv1.squared()                            // 3. tv2 = tv1^2
        tv2 = tv2 + tv1                                    // 4. tv2 = tv2 + tv1
        var tv3 = tv2 + .one                               // 5. tv3 = tv2 + 1
        tv3 = B * tv3                                      // 6. tv3 = B * tv3
        var tv4 = Fp2.select(Z, -tv2, !tv2.isZero)         // 7. tv4 = CMOV(Z, -tv2, tv2 != 0)
        tv4 = A * tv4                                      // 8. tv4 = A * tv4
        tv2 = tv3.squared()                                // 9. tv2 = tv3^2
        var tv6 = tv4.squared()                            // 10. tv6 = tv4^2
        var tv5 = A * tv6                                  // 11. tv5 = A * tv6
        tv2 = tv2 + tv5                                    // 12. tv2 = tv2 + tv5
        tv2 = tv2 * tv3                                    // 13. tv2 = tv2 * tv3
        tv6 = tv6 * tv4                                    // 14. tv6 = tv6 * tv4
        tv5 = B * tv6                                      // 15. tv5 = B * tv6
        tv2 = tv2 + tv5                                    // 16. tv2 = tv2 + tv5
        var x = tv1 * tv3                                  // 17. x = tv1 * tv3
        let (isGx1Square, y1) = sqrtRatio(tv2, tv6)        // 18. (is_gx1_square, y1) = sqrt_ratio(tv2, tv6)
        var y = tv1 * u                                    // 19. y = tv1 * u
        y = y * y1                                         // 20. y = y * y1
        x = Fp2.select(x, tv3, isGx1Square)                // 21. x = CMOV(x, tv3, is_gx1_square)
        y = Fp2.select(y, y1, isGx1Square)                 // 22. y = CMOV(y, y1, is_gx1_square)
        let e1 = !Choice(mask: u.sgn0.mask ^ y.sgn0.mask)  // 23. e1 = sgn0(u) == sgn0(y)
        y = Fp2.select(-y, y, e1)                          // 24. y = CMOV(-y, y, e1)
        return ((x, tv4), y)                               // 25. x = x / tv4 (left to the caller)
    }

    /// sqrt_ratio(u, v) for Fp2 (RFC 9380 Appendix F.2.1, the general algorithm with c1 = 3):
    /// (true, sqrt(u / v)) if u / v is square, else (false, sqrt(Z u / v)). Constant-time.
    static func sqrtRatio(_ u: Fp2, _ v: Fp2) -> (isQR: Choice, root: Fp2) {
        // c4 = 2^c1 - 1 = 7, c5 = 2^(c1 - 1) = 4
        var tv1 = Constants.sqrtRatioC6                    // 1. tv1 = c6
        var tv2 = v.squared() * v                          // 2. tv2 = v^c4 = v^7
        tv2 = tv2.squared() * v
        var tv3 = tv2.squared()                            // 3. tv3 = tv2^2
        tv3 = tv3 * v                                      // 4. tv3 = tv3 * v
        var tv5 = u * tv3                                  // 5. tv5 = u * tv3
        let powers = Fp2.oddPowers(of: tv5)                // 6. tv5 = tv5^c3 (public exponent), as
        tv5 = Fp2.productOfPowersVartime([                 //    tv5^low * conj(tv5)^high: tv5^p =
            (powers, Constants.sqrtRatioC3Low),            //    conj(tv5), so conj's odd powers
            (powers.map { $0.conjugated() }, Constants.sqrtRatioC3High),  // are free
        ])
        tv5 = tv5 * tv2                                    // 7. tv5 = tv5 * tv2
        tv2 = tv5 * v                                      // 8. tv2 = tv5 * v
        tv3 = tv5 * u                                      // 9. tv3 = tv5 * u
        var tv4 = tv3 * tv2                                // 10. tv4 = tv3 * tv2
        tv5 = tv4.squared().squared()                      // 11. tv5 = tv4^c5 = tv4^4
        let isQR = tv5.constantTimeEquals(.one)            // 12. isQR = tv5 == 1
        tv2 = tv3 * Constants.sqrtRatioC7                  // 13. tv2 = tv3 * c7
        tv5 = tv4 * tv1                                    // 14. tv5 = tv4 * tv1
        tv3 = Fp2.select(tv2, tv3, isQR)                   // 15. tv3 = CMOV(tv2, tv3, isQR)
        tv4 = Fp2.select(tv5, tv4, isQR)                   // 16. tv4 = CMOV(tv5, tv4, isQR)
        for k in stride(from: 3, through: 2, by: -1) {     // 17. for k in (c1, c1 - 1, ..., 2):
            tv5 = tv4                                      // 18-20. tv5 = tv4^(2^(k - 2))
            for _ in 0..<(k - 2) { tv5 = tv5.squared() }
            let e1 = tv5.constantTimeEquals(.one)          // 21. e1 = tv5 == 1
            tv2 = tv3 * tv1                                // 22. tv2 = tv3 * tv1
            tv1 = tv1.squared()                            // 23. tv1 = tv1 * tv1
            tv5 = tv4 * tv1                                // 24. tv5 = tv4 * tv1
            tv3 = Fp2.select(tv2, tv3, e1)                 // 25. tv3 = CMOV(tv2, tv3, e1)
            tv4 = Fp2.select(tv5, tv4, e1)                 // 26. tv4 = CMOV(tv5, tv4, e1)
        }
        return (isQR, tv3)                                 // 27. return (isQR, tv3)
    }
}
