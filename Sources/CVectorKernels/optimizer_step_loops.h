// The body of the optimizer steps for one element type and one instruction set: included
// by optimizer_steps.c once per (T, KERNEL) pair, so each formula is written once.
// Every line is one ATen kernel of PyTorch's single-tensor step, rounded as that kernel
// rounds: add(alpha=) and addcmul fuse their last multiply-add (vec::fmadd, and GCC's
// contraction of self + value * t1 * t2); mul, div, sqrt and addcdiv round each operation.
// This file is compiled with -ffp-contract=off, so nothing else is fused.
//
// Each loop is instantiated once per set of optional buffers (has_* a constant after
// inlining): a buffer tested inside the loop would become a masked load, and a masked load
// from a null pointer costs a fault-suppression assist per vector on some CPUs.

// ATen's lerp: from the nearer end, one fused multiply-add.
static inline T KERNEL(lerp)(T self, T end, T weight, int small) {
    return FMA(small ? weight : weight - (T)1, end - self, small ? self : end);
}

static inline __attribute__((always_inline))
void KERNEL(sgd_loop)(T *restrict param, const T *restrict grad, T *restrict buf, const int has_buf,
                     const tsh_sgd_step *s, long n) {
    const T wd = (T)s->weight_decay, momentum = (T)s->momentum, keep = (T)s->one_minus_dampening, step = (T)s->neg_lr;
    const int decay = s->weight_decay != 0, maximize = s->maximize, nesterov = s->nesterov;
    for (long i = 0; i < n; i++) {
        T g = maximize ? -grad[i] : grad[i];
        if (decay) g = FMA(param[i], wd, g);
        if (has_buf) {
            T b = FMA(g, keep, buf[i] * momentum);
            buf[i] = b;
            g = nesterov ? FMA(b, momentum, g) : b;
        }
        param[i] = FMA(g, step, param[i]);
    }
}

static inline __attribute__((always_inline))
void KERNEL(adam_loop)(T *restrict param, const T *restrict grad, T *restrict exp_avg, T *restrict exp_avg_sq,
                      T *restrict max_exp_avg_sq, const int has_max, const tsh_adam_step *s, long n) {
    const T scale = (T)s->param_scale, wd = (T)s->weight_decay, w = (T)s->one_minus_beta1;
    const T beta2 = (T)s->beta2, c2 = (T)s->one_minus_beta2, corr = (T)s->bias_correction2_sqrt;
    const T eps = (T)s->eps, step = (T)s->neg_step_size;
    const int scaled = s->param_scale != 1, decay = s->weight_decay != 0, maximize = s->maximize;
    const int small = (w < 0 ? -w : w) < (T)0.5;
    for (long i = 0; i < n; i++) {
        T g = maximize ? -grad[i] : grad[i];
        T p = param[i];
        if (scaled) p = p * scale;
        if (decay) g = FMA(p, wd, g);
        T m = KERNEL(lerp)(exp_avg[i], g, w, small);
        exp_avg[i] = m;
        T v = FMA(c2 * g, g, exp_avg_sq[i] * beta2);
        exp_avg_sq[i] = v;
        if (has_max) {
            // torch.maximum: NaN from either side
            T top = max_exp_avg_sq[i];
            v = (top != top || v != v) ? top + v : (top > v ? top : v);
            max_exp_avg_sq[i] = v;
        }
        T denom = SQRT(v) / corr + eps;
        param[i] = p + (step * m) / denom;
    }
}

static inline __attribute__((always_inline))
void KERNEL(rmsprop_loop)(T *restrict param, const T *restrict grad, T *restrict square_avg, T *restrict grad_avg,
                         const int has_grad_avg, T *restrict buf, const int has_buf, const tsh_rmsprop_step *s, long n) {
    const T wd = (T)s->weight_decay, alpha = (T)s->alpha, c = (T)s->one_minus_alpha, eps = (T)s->eps;
    const T momentum = (T)s->momentum, step = (T)s->neg_lr;
    const int decay = s->weight_decay != 0, maximize = s->maximize;
    const int small = (c < 0 ? -c : c) < (T)0.5;
    for (long i = 0; i < n; i++) {
        T g = maximize ? -grad[i] : grad[i];
        if (decay) g = FMA(param[i], wd, g);
        T sq = FMA(c * g, g, square_avg[i] * alpha);
        square_avg[i] = sq;
        T avg;
        if (has_grad_avg) {
            T ga = KERNEL(lerp)(grad_avg[i], g, c, small);
            grad_avg[i] = ga;
            avg = SQRT(FMA(-ga, ga, sq));   // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
        } else {
            avg = SQRT(sq);
        }
        avg = avg + eps;
        if (has_buf) {
            T b = buf[i] * momentum + g / avg;
            buf[i] = b;
            param[i] = FMA(b, step, param[i]);
        } else {
            param[i] = param[i] + (step * g) / avg;
        }
    }
}

static void KERNEL(sgd)(T *param, const T *grad, T *buf, const tsh_sgd_step *s, long n) {
    if (buf) KERNEL(sgd_loop)(param, grad, buf, 1, s, n);
    else KERNEL(sgd_loop)(param, grad, buf, 0, s, n);
}

static void KERNEL(adam)(T *param, const T *grad, T *exp_avg, T *exp_avg_sq, T *max_exp_avg_sq, const tsh_adam_step *s, long n) {
    if (max_exp_avg_sq) KERNEL(adam_loop)(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, 1, s, n);
    else KERNEL(adam_loop)(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, 0, s, n);
}

static void KERNEL(rmsprop)(T *param, const T *grad, T *square_avg, T *grad_avg, T *buf, const tsh_rmsprop_step *s, long n) {
    if (grad_avg && buf) KERNEL(rmsprop_loop)(param, grad, square_avg, grad_avg, 1, buf, 1, s, n);
    else if (grad_avg) KERNEL(rmsprop_loop)(param, grad, square_avg, grad_avg, 1, buf, 0, s, n);
    else if (buf) KERNEL(rmsprop_loop)(param, grad, square_avg, grad_avg, 0, buf, 1, s, n);
    else KERNEL(rmsprop_loop)(param, grad, square_avg, grad_avg, 0, buf, 0, s, n);
}
