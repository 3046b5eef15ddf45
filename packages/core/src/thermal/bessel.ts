/**
 * Modified Bessel functions needed by the thin-plate Green's function.
 *
 * Polynomial approximations from Abramowitz & Stegun, Handbook of Mathematical Functions (1964):
 *  - I0: eq. 9.8.1 (|x| <= 3.75, |error| < 1.6e-7); I1: eq. 9.8.3 (|x| <= 3.75, |error of I1/x| < 8e-9),
 *  - K0: eq. 9.8.5 (0 < x <= 2, |error| < 1e-8) and eq. 9.8.6 (x >= 2, relative error of
 *    sqrt(x)·e^x·K0(x) < 1.9e-7),
 *  - K1: eq. 9.8.7 (0 < x <= 2, |error of x·K1(x)| < 8e-9) and eq. 9.8.8 (x >= 2, relative error
 *    of sqrt(x)·e^x·K1(x) < 2.2e-7).
 * Written as Horner polynomials in t² (or 2/x) so one call costs a handful of multiplies,
 * one log or one exp/sqrt, and allocates nothing.
 */

/** Modified Bessel function of the first kind, order 0, for |x| <= 3.75 (A&S 9.8.1). */
export function besselI0Small(x: number): number {
  const t = x / 3.75;
  const t2 = t * t;
  return (
    1 +
    t2 *
      (3.5156229 + t2 * (3.0899424 + t2 * (1.2067492 + t2 * (0.2659732 + t2 * (0.0360768 + t2 * 0.0045813)))))
  );
}

/**
 * Modified Bessel function of the second kind, order 0, K0(x) for x > 0.
 * Returns +Infinity at 0 and NaN for negative or NaN input (K0 is not real there).
 */
export function besselK0(x: number): number {
  if (!(x >= 0)) return NaN;
  if (x === 0) return Infinity;
  if (x <= 2) {
    // A&S 9.8.5
    const y = (x * x) / 4;
    return (
      -Math.log(x / 2) * besselI0Small(x) +
      (-0.57721566 +
        y *
          (0.4227842 +
            y * (0.23069756 + y * (0.0348859 + y * (0.00262698 + y * (0.0001075 + y * 0.0000074))))))
    );
  }
  // A&S 9.8.6
  const z = 2 / x;
  return (
    (Math.exp(-x) / Math.sqrt(x)) *
    (1.25331414 +
      z *
        (-0.07832358 +
          z * (0.02189568 + z * (-0.01062446 + z * (0.00587872 + z * (-0.0025154 + z * 0.00053208))))))
  );
}

/** Modified Bessel function of the first kind, order 1, for |x| <= 3.75 (A&S 9.8.3). */
export function besselI1Small(x: number): number {
  const t = x / 3.75;
  const t2 = t * t;
  return (
    x *
    (0.5 +
      t2 *
        (0.87890594 +
          t2 * (0.51498869 + t2 * (0.15084934 + t2 * (0.02658733 + t2 * (0.00301532 + t2 * 0.00032411))))))
  );
}

/**
 * Modified Bessel function of the second kind, order 1, K1(x) for x > 0 (−dK0/dx).
 * Returns +Infinity at 0 and NaN for negative or NaN input.
 */
export function besselK1(x: number): number {
  if (!(x >= 0)) return NaN;
  if (x === 0) return Infinity;
  if (x <= 2) {
    // A&S 9.8.7
    const y = (x * x) / 4;
    return (
      Math.log(x / 2) * besselI1Small(x) +
      (1 +
        y *
          (0.15443144 +
            y *
              (-0.67278579 + y * (-0.18156897 + y * (-0.01919402 + y * (-0.00110404 + y * -0.00004686)))))) /
        x
    );
  }
  // A&S 9.8.8
  const z = 2 / x;
  return (
    (Math.exp(-x) / Math.sqrt(x)) *
    (1.25331414 +
      z *
        (0.23498619 +
          z * (-0.0365562 + z * (0.01504268 + z * (-0.00780353 + z * (0.00325614 + z * -0.00068245))))))
  );
}
