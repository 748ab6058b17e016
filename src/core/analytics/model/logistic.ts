/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised features:
 * a handful of features and tens of thousands of rows converge in a few iterations, in plain
 * TypeScript, well inside a queue invocation.
 */
export interface LogisticModel {
  /** Intercept first, then one weight per standardised feature. */
  weights: number[];
  means: number[];
  scales: number[];
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function predict(model: LogisticModel, features: readonly number[]): number {
  let z = model.weights[0]!;
  for (let j = 0; j < features.length; j++) z += model.weights[j + 1]! * ((features[j]! - model.means[j]!) / model.scales[j]!);
  return sigmoid(z);
}

export function fitLogistic(rows: readonly (readonly number[])[], labels: readonly number[], options: { l2?: number; iterations?: number } = {}): LogisticModel {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const l2 = options.l2 ?? 1;
  const means = new Array<number>(d).fill(0);
  const scales = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) means[j]! += row[j]! / n;
  for (const row of rows) for (let j = 0; j < d; j++) scales[j]! += (row[j]! - means[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scales[j] = Math.sqrt(scales[j]!) || 1;
  const x = new Float64Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    x[i * (d + 1)] = 1;
    for (let j = 0; j < d; j++) x[i * (d + 1) + j + 1] = (rows[i]![j]! - means[j]!) / scales[j]!;
  }
  const k = d + 1;
  const w = new Array<number>(k).fill(0);
  const rate = labels.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  w[0] = Math.log(Math.max(rate, 1e-6) / Math.max(1 - rate, 1e-6));
  for (let iteration = 0; iteration < (options.iterations ?? 25); iteration++) {
    const gradient = new Array<number>(k).fill(0);
    const hessian = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const base = i * k;
      let z = 0;
      for (let j = 0; j < k; j++) z += w[j]! * x[base + j]!;
      const p = sigmoid(z);
      const residual = p - labels[i]!;
      const weight = p * (1 - p);
      for (let a = 0; a < k; a++) {
        const xa = x[base + a]!;
        gradient[a]! += residual * xa;
        for (let b = a; b < k; b++) hessian[a * k + b]! += weight * xa * x[base + b]!;
      }
    }
    // The intercept is not penalised.
    for (let a = 1; a < k; a++) {
      gradient[a]! += l2 * w[a]!;
      hessian[a * k + a]! += l2;
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) hessian[a * k + b] = hessian[b * k + a]!;
    const step = solve(hessian, gradient, k);
    let largest = 0;
    for (let j = 0; j < k; j++) {
      w[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < 1e-7) break;
  }
  return { weights: w, means, scales };
}

/** Solves a small symmetric positive definite system by Gaussian elimination with partial pivoting. */
function solve(matrix: Float64Array, vector: number[], k: number): number[] {
  const a = Array.from({ length: k }, (_, r) => [...Array.from({ length: k }, (_, c) => matrix[r * k + c]!), vector[r]!]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const head = a[col]![col]! || 1e-12;
    for (let r = col + 1; r < k; r++) {
      const factor = a[r]![col]! / head;
      for (let c = col; c <= k; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  const out = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let sum = a[r]![k]!;
    for (let c = r + 1; c < k; c++) sum -= a[r]![c]! * out[c]!;
    out[r] = sum / (a[r]![r]! || 1e-12);
  }
  return out;
}
