"""How a statistician reads the fitted model: coefficients, deviance, known practical issues (prose per link
and family).  Formulas here are only names of quantities; every derived formula is in a checked result."""

from __future__ import annotations

from symnet.catalog.links import Link, VectorLink

COEFFICIENTS = {
    "logit": ("$\\beta_j$ is the change in the log-odds of $y = 1$ per unit of $x_j$, all else fixed, and $e^{\\beta_j}$ "
              "is the odds ratio (see the exercises). Odds ratios are symmetric in the two outcomes and are what a "
              "case-control study can estimate. Together with its being the canonical link (the sufficient "
              "statistic $X^\\top y$, a concave log-likelihood), this makes the logit the default link for binary "
              "data."),
    "probit": ("$\\beta_j$ is the change, per unit of $x_j$, in the mean of a latent standard normal variable whose "
               "sign gives $y$. On the probability scale the effect of $x_j$ depends on where one stands: it is "
               "$h'(\\eta)\\,\\beta_j$, largest at $\\mu = 1/2$. Probit and logit coefficients differ by a factor "
               "of about 1.6 and the fitted probabilities are usually very close."),
    "cauchit": ("$\\beta_j$ acts on a latent variable with a standard Cauchy distribution. Its heavy tails make the "
                "fitted probabilities approach 0 and 1 slowly, so a few observations far on the wrong side of the "
                "boundary pull the fit less than under the logit or probit link."),
    "cloglog": ("$e^{\\beta_j}$ multiplies the cumulative hazard $-\\log(1 - \\mu)$ (see the exercises): the "
                "complementary log-log model is a proportional-hazards model for an event observed in a time "
                "interval, and it is the model for $P(N > 0)$ when $N$ is a Poisson count with a log-linear mean. "
                "Unlike the logit and probit links it is not symmetric about $\\mu = 1/2$."),
    "loglog": ("The log-log link is the mirror image of the complementary log-log link: it approaches 1 quickly and "
               "0 slowly. Coefficients are read on the scale of $-\\log\\mu$."),
    "logc": ("$\\beta_j$ is the change in $\\log(1 - \\mu)$ per unit of $x_j$: a log-linear model for the "
             "probability of the other outcome. It is valid only while $\\eta < 0$, which the fit has to respect."),
    "identity": ("$\\beta_j$ is the change in the mean per unit of $x_j$, all else fixed, the same at every $x$ "
                 "(see the exercises). With the Gaussian family this is least squares, and the standard errors "
                 "need the error variance, estimated from the residuals."),
    "log": ("$e^{\\beta_j}$ multiplies the mean: it is the rate ratio of a unit change in $x_j$ (see the exercises). "
            "Counts observed over different exposures (time at risk, population) enter with an offset "
            "$\\log(\\text{exposure})$ added to $\\eta$ with coefficient 1, so that the model is for the rate."),
    "inverse": ("$\\beta_j$ is the change in $1/\\mu$ per unit of $x_j$. The inverse link is canonical for the "
                "Gamma family, but it needs $\\eta > 0$ at every observation and its coefficients are hard to read; "
                "in practice the log link, with rate-ratio coefficients, is often preferred for positive responses."),
    "inverse_squared": ("$\\beta_j$ is the change in $1/\\mu^2$ per unit of $x_j$; the link is canonical for the "
                        "inverse Gaussian family but, like the inverse link, it needs $\\eta > 0$, and the log link "
                        "is the usual choice in applications."),
    "sqrt": ("$\\beta_j$ is the change in $\\sqrt{\\mu}$ per unit of $x_j$; the square root roughly stabilises the "
             "variance of a Poisson count, which is why it was used before GLMs were routine."),
    "softplus": ("The softplus activation keeps the mean positive and grows linearly for large $\\eta$, so the "
                 "coefficients act additively on large means and multiplicatively on small ones."),
    "power": ("$\\beta_j$ is the change in $\\mu^\\lambda$ per unit of $x_j$. The power family of links interpolates "
              "between the identity ($\\lambda = 1$), the square root ($\\lambda = 1/2$) and the inverse "
              "($\\lambda = -1$); the log link is the limit of the Box-Cox form $(\\mu^\\lambda - 1)/\\lambda$ as "
              "$\\lambda \\to 0$ (not of $\\mu^\\lambda$ itself, which tends to 1)."),
    "negative_binomial": ("$\\beta_j$ acts on $\\log(\\alpha\\mu/(1 + \\alpha\\mu))$, the canonical parameter of "
                          "the negative binomial family. It needs $\\eta < 0$ and its coefficients have no simple "
                          "reading, so applications almost always use the log link with this family, which keeps "
                          "the rate-ratio interpretation of $e^{\\beta_j}$."),
    "softmax": ("With class $K$ as the reference, $\\beta_{k,j}$ is the change in the log-odds of class $k$ against "
                "class $K$ per unit of $x_j$, and $e^{\\beta_{k,j}}$ is the relative-risk ratio (see the exercises). "
                "The coefficients against another reference class are differences of these; the predicted "
                "probabilities do not depend on the choice."),
}

DEVIANCE = {
    "bernoulli": ("For 0/1 responses the saturated model fits every observation exactly, its log-likelihood is 0 "
                  "and the deviance is $-2$ times the log-likelihood. It is not a goodness-of-fit statistic for "
                  "ungrouped binary data, but the difference of the deviances of two nested models is the "
                  "likelihood-ratio statistic: under the smaller model it is asymptotically $\\chi^2$ with as many "
                  "degrees of freedom as the models differ in parameters."),
    "poisson": ("The deviance compares the fit with the saturated model ($\\mu_i = y_i$). When the means are not "
                "small (and the model holds) it is approximately $\\chi^2$ with $n - p$ degrees of freedom; the "
                "difference of the deviances of two nested models is the likelihood-ratio statistic, asymptotically "
                "$\\chi^2$ under the smaller model."),
    "gaussian": ("For the Gaussian family the deviance is the residual sum of squares, and likelihood-ratio tests "
                 "between nested models become the familiar $F$ tests once $\\sigma^2$ is estimated."),
    "gamma": ("The Gamma deviance is scaled by the dispersion $1/\\nu$, which is estimated (by Pearson's statistic "
              "over $n - p$, as in the worked example); tests between nested models then use $F$ rather than "
              "$\\chi^2$."),
    "inverse_gaussian": ("As for the Gamma family, the deviance is scaled by the dispersion $\\phi$, which is "
                         "estimated; tests between nested models use $F$."),
    "negative_binomial": ("With $\\alpha$ known the negative binomial is an exponential family and its deviance "
                          "is used as for the Poisson; in practice $\\alpha$ is estimated too, and the deviance "
                          "depends on it."),
    "tweedie": ("The Tweedie deviance is used as a loss for non-negative responses with exact zeros (insurance "
                "claims, rainfall). The results above take $\\phi = 1$; in a fit the dispersion $\\phi$ is "
                "estimated (by Pearson's statistic, as in the worked example) and scales the standard errors."),
    "multinomial": ("The deviance is $-2$ times the log-likelihood (the saturated log-likelihood of one-hot data "
                    "is 0). The difference of the deviances of two nested models (say, with and without an input, "
                    "which removes $K - 1$ coefficients) is the likelihood-ratio statistic: under the smaller model "
                    "it is asymptotically $\\chi^2$ with as many degrees of freedom as the models differ in "
                    "parameters."),
}

ISSUES = {
    "bernoulli": ("Separation. When a combination of the inputs separates the 0s from the 1s perfectly (complete "
                  "separation), or up to ties (quasi-complete), the likelihood keeps increasing as some coefficients "
                  "go to infinity: the maximum-likelihood estimate does not exist. IRLS then stops with huge "
                  "coefficients and standard errors, and a network's weights grow for as long as it is trained. "
                  "Remedies are a penalty (weight decay, Firth's correction) or dropping the separating input. "
                  "Before fitting, the command symnet crosscheck looks for complete separation with a linear program and "
                  "stops with a message that names the separating inputs."),
    "poisson": ("Overdispersion. The Poisson family fixes the variance at the mean. Counts often vary more "
                "(unobserved heterogeneity, clustering); the point estimates stay consistent, but the standard errors "
                "are too small. A deviance or Pearson statistic well above $n - p$ is the warning sign; the remedies "
                "are a quasi-Poisson fit (standard errors scaled by the estimated dispersion) or the negative binomial "
                "family. Many zeros beyond what the model predicts call for a zero-inflated or hurdle model."),
    "negative_binomial": ("Overdispersion is what the negative binomial family is for: its variance "
                          "$\\mu + \\alpha\\mu^2$ grows faster than the mean. The proofs here take $\\alpha$ as "
                          "known; in practice it is estimated, and the fit alternates between $\\alpha$ and the "
                          "coefficients."),
    "gaussian": ("Collinearity. Nearly collinear inputs make $X^\\top X$ close to singular: the estimates are "
                 "unstable and their standard errors large, and a gradient-descent fit converges slowly. The Longley "
                 "data in the worked example are the classic case; the crosscheck whitens the inputs before "
                 "gradient descent for this reason."),
    "gamma": ("Positive responses only: the Gamma family has a constant coefficient of variation, so it suits "
              "responses whose spread grows with the mean. With the inverse link every fitted $\\eta$ must stay "
              "positive, and IRLS may need step halving to keep it there."),
    "inverse_gaussian": ("Positive responses only, with a variance growing like $\\mu^3$; the inverse squared link "
                         "needs $\\eta > 0$ at every observation."),
    "tweedie": ("The Tweedie family with $1 < p < 2$ puts a mass at zero and a continuous density on the positive "
                "values; $p$ is usually chosen by profile likelihood."),
    "multinomial": ("Separation occurs as for binary data, class by class. The multinomial logit model also "
                    "implies that the odds between two classes do not depend on the other classes (independence "
                    "of irrelevant alternatives), an assumption to check when classes are similar."),
}


def paragraphs(link: Link | VectorLink, family_name: str | None) -> list[tuple[str, str]]:
    """(heading, paragraph) for the article's interpretation section."""
    out = []
    if link.name in COEFFICIENTS:
        out.append(("Coefficients", COEFFICIENTS[link.name]))
    if family_name in DEVIANCE:
        out.append(("Deviance", DEVIANCE[family_name]))
    if family_name in ISSUES:
        out.append(("In practice", ISSUES[family_name]))
    return out
