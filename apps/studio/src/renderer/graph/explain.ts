import type { Explanation } from '../engine/explanations.js';

// The four words the Graph view leans on, for ExplainTip.

export const LOCAL_GRADIENT: Explanation = {
  title: 'Local gradient',
  text: 'How one operation’s output changes with one of its inputs, on its own, ignoring the rest of the graph. Each op knows it while computing forward: for q = x + y it is 1; for f = q·z it is z towards q and q towards z.',
  tex: ['\\frac{\\partial q}{\\partial x} = 1,\\quad \\frac{\\partial f}{\\partial z} = q'],
};

export const UPSTREAM: Explanation = {
  title: 'Upstream gradient',
  text: 'The gradient of the final output with respect to this node’s output, handed back by the nodes that used it. Backward starts with ∂f/∂f = 1 at the output.',
  tex: ['\\underbrace{\\frac{\\partial f}{\\partial q}}_{\\text{upstream}}'],
};

export const CHAIN_RULE: Explanation = {
  title: 'Chain rule',
  text: 'The gradient a node sends to an input is the gradient it received times its local gradient: upstream × local = downstream. Backprop applies it node by node in reverse evaluation order.',
  tex: ['\\underbrace{\\frac{\\partial f}{\\partial x}}_{\\text{downstream}} = \\underbrace{\\frac{\\partial f}{\\partial q}}_{\\text{upstream}} \\cdot \\underbrace{\\frac{\\partial q}{\\partial x}}_{\\text{local}}'],
};

export const FAN_OUT: Explanation = {
  title: 'Fan-out sum',
  text: 'A value used by several operations affects the output along every path, so its gradient is the sum of the gradients coming back along each use (the multivariable chain rule). In code: gradients accumulate with +=.',
  tex: ['\\frac{\\partial f}{\\partial x} = \\sum_{i\\,\\in\\,\\text{uses of }x} \\frac{\\partial f}{\\partial u_i}\\,\\frac{\\partial u_i}{\\partial x}'],
};

export const GRADCHECK: Explanation = {
  title: 'Difference quotients and gradcheck',
  text: 'Shrinking h removes truncation error (∝ h for the forward quotient, ∝ h² for the central one) but float64 rounding adds about ε·|f|/h, so the error is smallest near h ≈ √ε (forward) or ∛ε (central). gradcheck compares autodiff with the central quotient at such an h.',
  tex: ['\\frac{f(a+h)-f(a)}{h} = f\'(a) + O(h),\\quad \\frac{f(a+h)-f(a-h)}{2h} = f\'(a) + O(h^2)', '\\varepsilon = 2^{-52} \\approx 2.2\\times10^{-16}'],
};
