// Loops that need instructions Swift cannot ask for per function (FMA, AVX2), chosen at
// run time from the CPU's feature bits: the optimizer updates and the tiled transpose.
#ifndef TSH_VECTOR_H
#define TSH_VECTOR_H

#ifdef __cplusplus
extern "C" {
#endif

/// y[i] = fma(x[i], alpha, y[i]) for i < n: `y.add_(x, alpha=alpha)` rounded once, as
/// ATen's vectorized add kernel rounds it (vec::fmadd).
void tsh_axpy_f32(float *y, const float *x, float alpha, long n);
void tsh_axpy_f64(double *y, const double *x, double alpha, long n);

/// Rows r0..<r1 of out (rows x cols, row-major) from a column-major source:
/// out[r*cols + c] = src[c*rows + r], for 4- and 8-byte elements.
void tsh_transpose32(const void *src, void *out, long rows, long cols, long r0, long r1);
void tsh_transpose64(const void *src, void *out, long rows, long cols, long r0, long r1);

/// out[i] = x[i] < 0 ? 0 : x[i] (ReLU; NaN and -0.0 pass), n contiguous elements.
void tsh_relu_f32(const float *x, float *out, long n);
void tsh_relu_f64(const double *x, double *out, long n);

/// out[i] = x[i] <= t ? 0 : grad[i] (ReLU's backward, aten's threshold_backward).
void tsh_threshold_backward_f32(const float *grad, const float *x, float t, float *out, long n);
void tsh_threshold_backward_f64(const double *grad, const double *x, double t, double *out, long n);

/// The scalars of one optimizer step, as PyTorch's single-tensor step hands them to ATen
/// (each computed in double by Python, then rounded to the parameter's dtype by the kernel).
typedef struct {
    double weight_decay;          // grad.add(param, alpha=weight_decay) when nonzero
    double momentum;              // buf.mul_(momentum); nesterov: grad.add(buf, alpha=momentum)
    double one_minus_dampening;   // buf.add_(grad, alpha=1 - dampening)
    double neg_lr;                // param.add_(grad, alpha=-lr)
    int nesterov, maximize;
} tsh_sgd_step;

typedef struct {
    double param_scale;           // AdamW: param.mul_(1 - lr * weight_decay); 1 for none
    double weight_decay;          // Adam: grad.add(param, alpha=weight_decay) when nonzero
    double one_minus_beta1;       // exp_avg.lerp_(grad, 1 - beta1)
    double beta2, one_minus_beta2; // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    double bias_correction2_sqrt, eps; // denom = (exp_avg_sq.sqrt() / bc2_sqrt).add_(eps)
    double neg_step_size;         // param.addcdiv_(exp_avg, denom, value=-step_size)
    int maximize;
} tsh_adam_step;

typedef struct {
    double weight_decay;          // grad.add(param, alpha=weight_decay) when nonzero
    double alpha, one_minus_alpha; // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    double eps;                   // avg.add_(eps)
    double momentum;              // buf.mul_(momentum).addcdiv_(grad, avg)
    double neg_lr;                // param.add_(buf, alpha=-lr) or param.addcdiv_(grad, avg, value=-lr)
    int maximize;
} tsh_rmsprop_step;

/// One step over n elements of a parameter and its state. A null momentum buffer (SGD,
/// RMSprop), max_exp_avg_sq (Adam without amsgrad) or grad_avg (RMSprop not centered) leaves
/// that part out.
void tsh_sgd_step_f32(float *param, const float *grad, float *momentum_buffer, const tsh_sgd_step *s, long n);
void tsh_sgd_step_f64(double *param, const double *grad, double *momentum_buffer, const tsh_sgd_step *s, long n);
void tsh_adam_step_f32(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, float *max_exp_avg_sq,
                       const tsh_adam_step *s, long n);
void tsh_adam_step_f64(double *param, const double *grad, double *exp_avg, double *exp_avg_sq, double *max_exp_avg_sq,
                       const tsh_adam_step *s, long n);
void tsh_rmsprop_step_f32(float *param, const float *grad, float *square_avg, float *grad_avg, float *momentum_buffer,
                          const tsh_rmsprop_step *s, long n);
void tsh_rmsprop_step_f64(double *param, const double *grad, double *square_avg, double *grad_avg, double *momentum_buffer,
                          const tsh_rmsprop_step *s, long n);

/// The sum of n contiguous elements in the order of ATen's vectorized_inner_sum (its AVX2
/// build: 8 float or 4 double lanes, four accumulators, a four-level cascade).
float tsh_cascade_row_sum_f32(const float *x, long n);
double tsh_cascade_row_sum_f64(const double *x, long n);

/// out[i] = exp, sigmoid or tanh of x[i] for n contiguous floats, in SLEEF's u10
/// algorithms with fused multiply-adds (what PyTorch's vectorized kernels compute; see
/// sleef_f32.c for where an MKL build of PyTorch differs).
void tsh_exp_f32(const float *x, float *out, long n);
void tsh_sigmoid_f32(const float *x, float *out, long n);
void tsh_tanh_f32(const float *x, float *out, long n);

/// LogSoftmaxBackward0 over `rows` contiguous rows of n floats: out = grad - exp(output) *
/// sum(grad), in the order and roundings of ATen's AVX2 kernel (log_softmax_backward.c).
void tsh_log_softmax_backward_f32(const float *grad, const float *output, float *out, long rows, long n);

/// The largest (largest != 0) or smallest of n >= 1 contiguous floats; the first NaN if
/// there is one (torch.max and torch.min without indices).
float tsh_extremum_f32(const float *x, long n, int largest);

/// Runs task(context, i) for i in 0..<count on up to `threads` threads (the caller and
/// pool workers that spin briefly between runs, then sleep), returning when all are done.
/// Nested or concurrent runs go serially on the calling thread.
typedef void (*tsh_task)(void *context, long index);
void tsh_parallel_run(long count, int threads, tsh_task task, void *context);

/// Which loops are in use: "avx2+fma" or "portable".
const char *tsh_vector_isa(void);

#ifdef __cplusplus
}
#endif
#endif
