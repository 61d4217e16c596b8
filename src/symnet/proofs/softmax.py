"""The multinomial logit: softmax outputs, reference-category log-odds, shift invariance, K = 2.

Reference category: the last class K (log(p_k / p_K)), as in R's VGAM; statsmodels' MNLogit and
R's nnet::multinom use the first class instead, which only relabels the classes.
"""

from __future__ import annotations

import functools

import sympy as sp

from symnet.catalog.domains import REALS_TEX
from symnet.catalog.links import VectorLink
from symnet.catalog.names import resolve
from symnet.layers import indexed
from symnet.network import BETA, J, K, KK, I, Network
from symnet.catalog.heads import SOFTMAX, SOFTMAX_OF
from symnet.proofs.budget import current
from symnet.proofs.checker import check
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Proof, Step

ETA_VEC = sp.IndexedBase("eta", real=True)
YHAT = sp.IndexedBase(r"\hat{y}", real=True)
SHIFT = sp.Symbol("c", real=True)
LOG_ODDS_REASON = r"$\log(e^{a} / e^{b}) = a - b$ for real $a$ and $b$"
CHAINS_UP_TO = 100  # up to this many log-odds one chain each (each checked); beyond, one chain in a symbolic class k


def eta_symbols(count: int) -> tuple[sp.Symbol, ...]:
    return tuple(sp.Symbol(f"eta_{j}", real=True) for j in range(1, count + 1))


@functools.lru_cache(maxsize=None)
def softmax_definition(link: VectorLink) -> Definition:
    """One Definition object per link, so proofs and their lemmas share it (a name is defined once)."""
    return Definition(SOFTMAX, lambda k, *etas: link.softmax(tuple(etas), int(k)),
                      "softmax_k(eta) = e^{eta_k} / sum_j e^{eta_j}")


def _softmax_of(k, vector: sp.IndexedBase, size) -> sp.Expr:
    return sp.exp(vector[k]) / sp.Sum(sp.exp(vector[J]), (J, 1, size))


SOFTMAX_OF_DEFINITION = Definition(SOFTMAX_OF, _softmax_of, "softmax_k(eta) = e^{eta_k} / sum_{j=1}^{K} e^{eta_j}")


@functools.lru_cache(maxsize=None)
def eta_vector(outputs: int) -> sp.IndexedBase:
    """The lemma's variable: a real vector eta of length K (the length is part of the name)."""
    return sp.IndexedBase("eta", real=True, shape=(outputs,))


# The network's eta(x) as a defined vector: printed eta, but a name of its own (not the lemma's variable).
ETA_X = sp.IndexedBase(sp.Symbol("eta", real=True, finite=True), real=True)


def log_odds_lemma(link: VectorLink, outputs: int) -> Derivation:
    """log(softmax_k(eta) / softmax_K(eta)) = eta_k - eta_K for every eta in R^K and k < K (one chain in k)."""
    eta, k = eta_vector(outputs), KK
    lhs = sp.log(SOFTMAX_OF(k, eta, outputs) / SOFTMAX_OF(outputs, eta, outputs))
    middle = sp.log(sp.exp(eta[k]) / sp.exp(eta[outputs]))
    chain = Chain((
        Step(lhs, middle, "substitute softmax; the normalising sum cancels"),
        Step(middle, eta[k] - eta[outputs], LOG_ODDS_REASON),
    ))
    return Derivation(
        title=f"Softmax log-odds against class {outputs}",
        statement=(rf"For every $\eta \in {REALS_TEX}^{{{outputs}}}$ and $k < {outputs}$: "
                   rf"$\log(\operatorname{{softmax}}_k(\eta) / \operatorname{{softmax}}_{{{outputs}}}(\eta)) "
                   rf"= \eta_k - \eta_{{{outputs}}}$."),
        chains=(chain,),
        variables=(Assumption(eta, sp.S.Reals, "real"),
                   Assumption(KK, sp.Range(1, outputs), f"every class k = 1, ..., {outputs - 1}")),
        definitions=(SOFTMAX_OF_DEFINITION,),
        meta=(("kind", "softmax-lemma"), ("outputs", outputs)),
    )


_LEMMAS: dict[int, Proof] = {}


def log_odds_proof(link: VectorLink, outputs: int) -> Proof:
    """Lemma 1 for K outputs, checked once per process (a result cut short by the time budget is not kept)."""
    found = _LEMMAS.get(outputs)
    if found is None:
        found = check(log_odds_lemma(link, outputs))
        if not current().expired():
            _LEMMAS[outputs] = found
    return found


def _predictor_parts(network: Network, k):
    last = network.k_outputs
    contrast = network.compact(network.bias(k) - network.bias(last),
                               lambda i: network.weight(k, i) - network.weight(last, i))
    return contrast, network.glm_predictor(k)


def _beta_definition(network: Network) -> Definition:
    last = network.k_outputs

    def beta(k, i):
        if i == 0:
            return network.bias(k) - network.bias(last)
        return network.weight(k, i) - network.weight(last, i)

    return Definition(BETA, beta, "beta_k0 = b_k - b_K, beta_ki = w_ki - w_Ki")


def forward_softmax(link: VectorLink, network: Network) -> Derivation:
    """K softmax outputs give the K-1 reference log-odds of the multinomial logit GLM."""
    notes = (
        r"Reference category: the last class $K$. Choosing class $r$ instead gives $\beta_k = w_k - w_r$; "
        "statsmodels MNLogit and R nnet::multinom use the first class.",
    )
    if network.outputs is None:
        return _forward_softmax_symbolic(link, network, notes)
    outputs = network.outputs
    lemma = log_odds_proof(link, outputs)
    if outputs - 1 <= CHAINS_UP_TO:
        chains = tuple(_log_odds_chain(network, lemma, sp.Integer(k)) for k in range(1, outputs))
        every_class = ()
    else:  # one chain in a symbolic class k = 1, ..., K - 1 (the same proof, without K - 1 copies)
        chains = (_log_odds_chain(network, lemma, KK),)
        every_class = (Assumption(KK, sp.Range(1, outputs), f"every class k = 1, ..., {outputs - 1}"),)
    definitions = (
        Definition(YHAT, lambda j: SOFTMAX_OF(j, ETA_X, outputs), "the network's outputs"),
        Definition(ETA_X, network.eta, "the network's linear predictors eta_j(x) = b_j + sum_i w_j,i x_i"),
        _beta_definition(network),
    )
    return _softmax_derivation(network, chains, definitions, (lemma,), notes, every_class)


def _log_odds_chain(network: Network, lemma: Proof, k: sp.Expr) -> Chain:
    """log(y_k / y_K) = eta_k - eta_K (Lemma 1) = the collected contrasts = the GLM predictor, for class k."""
    outputs = network.outputs
    contrast, predictor = _predictor_parts(network, k)
    difference = indexed(ETA_X, k) - indexed(ETA_X, outputs)
    ratio = sp.log(indexed(YHAT, k) / indexed(YHAT, outputs), evaluate=False)  # as written (log's rules cost)
    steps = (
        Step(ratio, difference,
             r"the network computes $\hat{y} = \operatorname{softmax}(\eta(x))$; Lemma 1 with "
             r"$\eta_j = \eta_j(x)$",
             lemma=lemma, substitution=((eta_vector(outputs), ETA_X), (KK, k))),
        Step(difference, contrast, r"substitute $\eta_j(x) = b_j + \sum_i w_{j,i} x_i$ and collect the "
             "terms of each input"),
        Step(contrast, predictor, "name the contrasts as GLM coefficients"),
    )
    return Chain(steps, group="k", label=f"k = {k}") if k.is_Integer else Chain(steps)


def _forward_softmax_symbolic(link: VectorLink, network: Network, notes) -> Derivation:
    k = KK
    eta_k, eta_last = network.eta(k), network.eta(K)
    ratio = sp.log(sp.exp(eta_k) / sp.exp(eta_last))
    contrast, predictor = _predictor_parts(network, k)
    chain = Chain((
        Step(sp.log(YHAT[k] / YHAT[K]), ratio,
             r"the network computes $\hat{y}_k = e^{\eta_k(x)} / \sum_j e^{\eta_j(x)}$; the normalising "
             "sum cancels"),
        Step(ratio, eta_k - eta_last, LOG_ODDS_REASON),
        Step(eta_k - eta_last, contrast, "collect the two sums term by term"),
        Step(contrast, predictor, "name the contrasts as GLM coefficients"),
    ))

    def output(j):
        return sp.exp(network.eta(j)) / sp.Sum(sp.exp(network.eta(J)), (J, 1, K))

    definitions = (
        Definition(YHAT, output, "the network's outputs y-hat_k = softmax_k(eta(x))"),
        _beta_definition(network),
    )
    return _softmax_derivation(network, (chain,), definitions, (), notes)


def _softmax_derivation(network, chains, definitions, lemmas, notes, extra=()) -> Derivation:
    size = ("every number $n$ of inputs" if network.inputs is None else
            f"${network.inputs}$ input" + ("" if network.inputs == 1 else "s"))
    outputs = "every number $K \\geq 2$ of" if network.outputs is None else f"${network.outputs}$"
    return Derivation(
        title="A network with softmax outputs is a multinomial logit GLM",
        statement=(f"For {size} and {outputs} softmax outputs, the reference-category log-odds of the "
                   r"network are linear in $x$: $\log(\hat{y}_k / \hat{y}_K) = \beta_{k,0} + \sum_i \beta_{k,i} x_i$ "
                   r"for $k = 1, \dots, K-1$, with $\beta_{k,0} = b_k - b_K$ and $\beta_{k,i} = w_{k,i} - w_{K,i}$."),
        chains=chains,
        variables=tuple(Assumption(*v) for v in network.variables()) + tuple(extra),
        definitions=definitions,
        lemmas=lemmas,
        identification=((BETA[KK, 0], network.bias(KK) - network.bias(network.k_outputs)),
                        (BETA[KK, I], network.weight(KK, I) - network.weight(network.k_outputs, I))),
        notes=notes,
        meta=(("kind", "softmax"), ("link", "softmax"), ("inputs", network.inputs),
              ("outputs", network.outputs)),
    )


def shift_invariance(link: VectorLink) -> Derivation:
    """softmax_k(eta + c) = softmax_k(eta): only (K-1)(n+1) of the K(n+1) parameters are identified."""
    k, j = KK, J
    lhs = sp.exp(ETA_VEC[k] + SHIFT) / sp.Sum(sp.exp(ETA_VEC[j] + SHIFT), (j, 1, K))
    expanded = sp.exp(SHIFT) * sp.exp(ETA_VEC[k]) / sp.Sum(sp.exp(SHIFT) * sp.exp(ETA_VEC[j]), (j, 1, K))
    rhs = sp.exp(ETA_VEC[k]) / sp.Sum(sp.exp(ETA_VEC[j]), (j, 1, K))
    steps = [Step(lhs, rhs, r"$e^{a + c} = e^{c} e^{a}$; the common factor $e^{c}$ leaves the sum and cancels")]
    if expanded not in (lhs, rhs):
        steps = [Step(lhs, expanded, r"$e^{a + c} = e^{c} e^{a}$"),
                 Step(expanded, rhs, r"the common factor $e^{c}$ leaves the sum and cancels")]
    return Derivation(
        title="Softmax is invariant to a common shift",
        statement=(r"Adding the same $c$ to every $\eta_k$ leaves every softmax output unchanged. Adding "
                   r"$(c_0, c)$ to every class's $(b_k, w_k)$ adds $c_0 + c^\top x$ to every $\eta_k$, so the "
                   r"network's $K(n+1)$ parameters determine its outputs only through $(K-1)(n+1)$ contrasts: "
                   "the rest is not identified."),
        chains=(Chain(tuple(steps)),),
        variables=(Assumption(K, sp.Range(2, sp.oo), "K >= 2 classes"), Assumption(KK, sp.Range(1, K + 1), "1 <= k <= K"),
                   Assumption(ETA_VEC, sp.S.Reals, "real"), Assumption(SHIFT, sp.S.Reals, "real shift")),
        meta=(("kind", "softmax-shift"), ("link", link.name)),
    )


def two_class(link: VectorLink) -> Derivation:
    """softmax_2(eta_1, eta_2) = sigma(eta_2 - eta_1): two softmax outputs are logistic regression."""
    logit = resolve("logit")
    sigma = logit.activation_head
    eta_1, eta_2 = eta_symbols(2)
    formula = link.softmax((eta_1, eta_2), 2)
    steps = (
        Step(SOFTMAX(2, eta_1, eta_2), formula, "substitute softmax"),
        Step(formula, sigma(eta_2 - eta_1), r"divide numerator and denominator by $e^{\eta_2}$: the sigmoid"),
    )
    from symnet.proofs.forward import link_definitions

    return Derivation(
        title="Two softmax outputs are logistic regression",
        statement=(r"With $K = 2$, $\operatorname{softmax}_2(\eta_1, \eta_2) = \sigma(\eta_2 - \eta_1)$: the "
                   r"network is the logit GLM with class 1 as reference, $\beta_0 = b_2 - b_1$ and "
                   r"$\beta_i = w_{2,i} - w_{1,i}$ (class 2 as reference gives the opposite signs)."),
        chains=(Chain(steps),),
        variables=(Assumption(eta_1, sp.S.Reals, "real"), Assumption(eta_2, sp.S.Reals, "real")),
        definitions=(softmax_definition(link),) + link_definitions(logit),
        meta=(("kind", "softmax-two-class"), ("link", link.name)),
    )

