"""The report's HTML fragments, one per section, from :class:`~labsynth.insights.Insights`.

Each function returns :class:`Html`, a string that Jupyter displays as HTML; the
notebook displays them in order and the nbconvert template (``templates/labsynth``) keeps
only these outputs, inside the lab's page. Headings follow one outline: the cover holds
the only ``h1``, each section an ``h2``, each theme card an ``h3``.

Jinja2 (already needed by nbconvert) writes the HTML with autoescaping, so a quote
holding ``<`` or ``&`` shows as typed.
"""

from __future__ import annotations

import base64
from typing import Any

import jinja2
import pandas as pd

from labsynth.charts import Chart, heatmap, saturation_curve, theme_sizes, timeline
from labsynth.export import without_controls
from labsynth.insights import Insights

__all__ = [
    "Html",
    "cover",
    "crossings",
    "findings",
    "method",
    "saturation",
    "sizes",
    "theme_cards",
    "timeline_section",
]

class Html(str):
    """HTML text that Jupyter displays rendered."""

    def _repr_html_(self) -> str:
        return str(self)


def _fmt(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:.0%}".replace("%", "\u202f%")
    return f"{value:,}".replace(",", "\u202f")


_ENV = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined, finalize=without_controls)
_ENV.filters["n"] = _fmt


def _render(template: str, **values: Any) -> Html:
    return Html(_ENV.from_string(template).render(**values).strip() + "\n")


def _figure(chart: Chart, table: pd.DataFrame | None = None, caption: str = "") -> dict:
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    out = {"title": chart.title, "alt": chart.alt, "src": f"data:image/svg+xml;base64,{data}",
           "caption": caption, "table": None}
    if table is not None:
        out["table"] = {"columns": [str(c) for c in table.columns],
                        "rows": [(f"{t} {label}", [row for row in values])
                                 for (t, label), values in zip(table.index,
                                                               table.to_numpy().tolist(),
                                                               strict=True)]}
    return out


_FIGURE = """
<figure class="chart">
  <img src="{{ f.src }}" alt="{{ f.alt }}">
  <figcaption><strong>{{ f.title }}.</strong> {{ f.caption }}</figcaption>
  {% if f.table %}
  <details>
    <summary>Voir les données de « {{ f.title }} »</summary>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">Thème</th>
      {% for c in f.table.columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
      <tbody>
      {% for name, values in f.table.rows %}
        <tr><th scope="row">{{ name }}</th>{% for v in values %}<td>{{ v }}</td>{% endfor %}</tr>
      {% endfor %}
      </tbody>
    </table></div>
  </details>
  {% endif %}
</figure>
"""


def cover(insights: Insights, sections: list[str]) -> Html:
    """Title, run date, the notice on personal data, the key figures and the contents.

    ``sections`` are the report's sections shown (:data:`labsynth.report.SECTIONS`):
    « chiffres » shows the key figures, the others appear in the contents.
    """
    f = insights.figures
    titles = {"enseignements": "Enseignements", "tailles": "Taille des thèmes",
              "themes": "Les thèmes",
              "croisements": "Qui parle de quoi", "saturation": "Saturation des entretiens",
              "chronologie": "Chronologie", "methode": "Méthode et reproductibilité"}
    contents = [(s, titles[s]) for s in sections if s in titles
                and (s != "enseignements" or insights.findings)]
    return _render("""
<header class="cover">
  <p class="kicker">Lab' · rapport d'analyse</p>
  <h1>{{ i.title }}</h1>
  {% if i.description %}<p class="lead">{{ i.description }}</p>{% endif %}
  <p class="run">Produit le <time class="run-date" datetime="{{ i.run_date.isoformat() }}">
    {{- i.run_date.strftime("%d/%m/%Y à %H:%M") }}</time> par labsynth
    {{ i.versions["labsynth"] }}, sur l'ordinateur du Lab', sans service en ligne.</p>
  {% if pseudo.enabled %}
  <p class="notice" role="note"><strong>Données pseudonymisées.</strong> Noms, e-mails,
    téléphones, adresses, numéros de sécurité sociale, IBAN et dates de naissance sont
    remplacés (« Personne 3 », « [téléphone] »…) ; les personnes interrogées sont
    « Participant·e n », les enquêteur·rices « Enquêteur·rice n ».
    {{ pseudo.replaced | n }} remplacements{% if pseudo.to_check %} (dont
    {{ pseudo.to_check | n }} à vérifier){% endif %} ;
    {% if pseudo.review.status == "reviewed" and not pseudo.unreviewed -%}
    registre relu le {{ pseudo.review.at.strftime("%d/%m/%Y") }}.
    {%- elif pseudo.review.status == "reviewed" -%}
    {{ pseudo.unreviewed | n }} d'entre eux apparus depuis la dernière relecture du registre
    ({{ pseudo.review.at.strftime("%d/%m/%Y") }}) : à relire avant de diffuser.
    {%- else -%}
    <strong>registre pas encore relu</strong> : ces remplacements sont automatiques,
    relisez le registre avant de diffuser.
    {%- endif %} Le registre reste au Lab'.</p>
  {% else %}
  <p class="notice raw" role="note"><strong>Texte brut : pseudonymisation désactivée.</strong>
    Ce rapport cite les verbatims tels qu'ils ont été recueillis, avec les noms et
    coordonnées qu'ils contiennent : le projet l'a choisi dans project.yml. Ne le diffusez
    pas hors de l'équipe projet.</p>
  {% endif %}
</header>
{% if "chiffres" in sections %}
<section class="figures" aria-labelledby="chiffres">
  <h2 id="chiffres">Chiffres clés</h2>
  <ul class="key-figures">
    <li><span class="value">{{ f.n_documents | n }}</span> documents
      <span class="detail">{{ f.n_interviews | n }} entretiens, {{ f.n_contributions | n }}
      contributions, {{ f.n_notes | n }} note{{ "s" if f.n_notes != 1 }}, lus dans
      {{ f.n_files | n }} fichiers</span></li>
    <li><span class="value">{{ f.n_participants | n }}</span> participant·es
      <span class="detail">chaque personne interrogée en entretien (hors
      enquêteur·rices) et chaque auteur·rice de contribution ; les notes de terrain ne
      comptent pas</span></li>
    <li><span class="value">{{ f.n_segments | n }}</span> segments analysés
      <span class="detail">passages de 1 à quelques phrases ; questions des
      enquêteur·rices exclues</span></li>
    <li><span class="value">{{ f.n_themes | n }}</span> thèmes
      <span class="detail">{{ f.share_unclassified | n }} des segments non classés
      ({{ f.n_unclassified | n }}{% if f.n_without_content %}, dont
      {{ f.n_without_content | n }} sans mot porteur de sens : formules de politesse,
      « merci », « au revoir »…{% endif %})</span></li>
  </ul>
  {% if f.n_refused %}
  <p>{{ f.n_refused | n }} élément(s) n'ont pas pu être lus : ils sont listés dans la
    section « Méthode et reproductibilité ».</p>
  {% endif %}
</section>
{% endif %}
{% if contents %}
<nav class="contents" aria-label="Sommaire">
  <h2 id="sommaire">Sommaire</h2>
  <ol>{% for id, title in contents %}<li><a href="#{{ id }}">{{ title }}</a></li>{% endfor %}</ol>
</nav>
{% endif %}
""", i=insights, f=f, sections=list(sections), contents=contents,
                   pseudo=insights.run.pseudonymisation)


def findings(insights: Insights) -> Html:
    """The designer's insights (``insights.yml``), first: each statement with its
    verbatims, checked against their sources and pseudonymised, its « Comment
    pourrions-nous… » question and priority; an insight whose evidence is missing is
    flagged, not left out. Empty when the project has none."""
    if not insights.findings:
        return Html("")
    return _render("""
<section aria-labelledby="enseignements" class="findings">
  <h2 id="enseignements">Enseignements</h2>
  <p>Ce que l'équipe retient, chaque enseignement appuyé sur des verbatims (copie exacte
    de la source, vérifiée à la production de cette page, avec le fichier et la ligne ou
    le minutage).</p>
  {% for f in items %}
  <article class="finding{% if f.flagged %} flagged{% endif %}" id="enseignement-{{ f.number }}">
    <h3>{{ f.statement }}</h3>
    {% if f.priority %}
    <p class="priority">Priorité : <strong>{{ f.priority }}</strong></p>
    {% endif %}
    {% if f.flagged %}
    <div class="evidence-warning" role="note"><p><strong>Preuve à revoir.</strong>
      {{ f.problems | length }} élément(s) de preuve introuvable(s) dans le corpus
      actuel :</p>
      <ul>{% for p in f.problems %}<li>{{ p }}</li>{% endfor %}</ul></div>
    {% endif %}
    {% for p in f.proofs if p.quote %}
    <figure class="quote">
      <blockquote>{{ p.quote.shown }}</blockquote>
      <figcaption>{{ p.quote.provenance }}</figcaption>
    </figure>
    {% endfor %}
    {% if f.how_might_we %}
    <p class="hmw"><span class="label">Comment pourrions-nous…</span> {{ f.how_might_we }}</p>
    {% endif %}
  </article>
  {% endfor %}
</section>
""", items=insights.findings)


def sizes(insights: Insights) -> Html:
    """The theme sizes chart."""
    chart = theme_sizes(insights.run.themes.themes)
    return _render("""
<section aria-labelledby="tailles">
  <h2 id="tailles">Taille des thèmes</h2>
  <p>Chaque segment est rattaché au thème dont il est le plus proche ; ceux qui ne sont
    proches d'aucun restent « Non classé ».</p>
""" + _FIGURE + "</section>", f=_figure(chart, caption="Nombre de segments par thème et "
                                         "part de l'ensemble."))


def theme_cards(insights: Insights) -> Html:
    """One card per theme: name, keywords, size, share, participants, quotes with their
    provenance, « Comment pourrions-nous… » questions."""
    return _render("""
<section aria-labelledby="themes">
  <h2 id="themes">Les thèmes</h2>
  <p>Pour chaque thème : ses mots les plus caractéristiques, les verbatims qui le
    représentent le mieux (copie exacte de la source, avec le fichier et la ligne ou le
    minutage ; « […] » marque un passage coupé), et des questions « Comment
    pourrions-nous… » bâties sur son nom, pour lancer l'idéation.</p>
  {% for c in cards %}
  <article class="theme-card" id="{{ c.theme_id }}">
    <h3><span class="theme-id">{{ c.theme_id }}</span> {{ c.label }}</h3>
    <p class="theme-stats">{{ c.n_segments | n }} segments · {{ c.share | n }} du corpus ·
      {{ c.n_participants | n }} participant·es</p>
    {% if c.keywords %}
    <p class="keywords"><span class="label">Mots-clés :</span>
      {% for k in c.keywords %}<span class="keyword">{{ k }}</span>{% endfor %}</p>
    {% endif %}
    <h4>Verbatims</h4>
    {% for q in c.quotes %}
    <figure class="quote">
      <blockquote>{{ q.shown }}</blockquote>
      <figcaption>{{ q.provenance }}</figcaption>
    </figure>
    {% endfor %}
    {% if c.questions %}
    <h4>Comment pourrions-nous…</h4>
    <ul class="questions">{% for q in c.questions %}<li>{{ q }}</li>{% endfor %}</ul>
    {% elif c.unnamed %}
    <p class="hint">Nom provisoire : donnez un nom à ce thème dans codebook.yml pour
      obtenir des questions « Comment pourrions-nous… ».</p>
    {% endif %}
  </article>
  {% endfor %}
</section>
""", cards=insights.cards)


def crossings(insights: Insights) -> Html:
    """One heatmap per crossed column (profile, territory...), with its data table."""
    figures = [_figure(heatmap(shares, column), insights.crosstab_counts[column],
                       f"Lecture : en colonne, 100 % des segments de chaque valeur de "
                       f"« {column} ». Le tableau donne le nombre de participant·es.")
               for column, shares in insights.crosstabs.items()]
    return _render("""
<section aria-labelledby="croisements">
  <h2 id="croisements">Qui parle de quoi</h2>
  {% if not figures %}
  <p>Le projet ne décrit pas ses participant·es (profil, territoire...) : ajoutez des
    métadonnées dans project.yml pour voir qui porte chaque thème.</p>
  {% endif %}
  {% for f in figures %}""" + _FIGURE + """{% endfor %}
</section>""", figures=figures)


def saturation(insights: Insights) -> Html:
    """The interview saturation curve."""
    curve = insights.saturation
    if curve.curve.empty:
        return _render("""
<section aria-labelledby="saturation">
  <h2 id="saturation">Saturation des entretiens</h2>
  <p>Le projet ne contient pas d'entretien : pas de courbe de saturation.</p>
</section>""")
    return _render("""
<section aria-labelledby="saturation">
  <h2 id="saturation">Saturation des entretiens</h2>
  <p>Combien de thèmes étaient apparus après chaque entretien. Une courbe qui s'aplatit
    tôt indique que de nouveaux entretiens apporteraient peu de thèmes nouveaux.</p>
""" + _FIGURE + "</section>", f=_figure(saturation_curve(curve), caption=(
        f"{len(curve.curve)} entretiens ; un thème compte dès "
        f"{curve.min_segments} segment(s).")))


def timeline_section(insights: Insights) -> Html:
    """The themes over time, when the corpus has dates."""
    table = insights.timeline
    if not len(table.columns):
        return _render("""
<section aria-labelledby="chronologie">
  <h2 id="chronologie">Chronologie</h2>
  <p>Aucun document n'est daté : ajoutez une date (project.yml ou colonne de date) pour
    voir les thèmes dans le temps.</p>
</section>""")
    return _render("""
<section aria-labelledby="chronologie">
  <h2 id="chronologie">Chronologie</h2>
""" + _FIGURE + "</section>", f=_figure(timeline(table, insights.timeline_freq), table,
                                         "Nombre de segments par période."))


def method(insights: Insights) -> Html:
    """Every parameter, the corpus fingerprint, package versions, the date, the verbatim
    check and every element that could not be read."""
    return _render("""
<section aria-labelledby="methode" class="method">
  <h2 id="methode">Méthode et reproductibilité</h2>
  <p>Les textes sont découpés en segments. Chaque segment est placé selon son sens (un
    modèle de phrases multilingue installé avec labsynth) et, pour un dixième, selon ses
    mots porteurs de sens (lemmes du modèle de langue français de spaCy, sans mots outils
    ni tics de l'oral) ; cet espace est réduit à quelques dimensions (UMAP), où les
    k-moyennes séparent les thèmes (le paramètre « vecteurs » ci-dessous dit la méthode de
    cette exécution). Les mots-clés d'un thème sont ceux qui le distinguent le plus des
    autres. Le regroupement part des thèmes de l'exécution précédente du projet (sa
    mémoire des thèmes), pour que les thèmes nommés restent stables quand le corpus
    s'enrichit. Les mêmes fichiers, les mêmes paramètres et la même mémoire redonnent les
    mêmes thèmes, quels que soient l'ordre et les noms des fichiers.</p>
  <h3>Paramètres</h3>
  <dl class="params">
    {% for k, v in i.parameters.items() %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}
  </dl>
  <h3>Exécution</h3>
  <p>Identifiant de cette exécution : <code class="run-id">{{ i.run.run_id }}</code>. Le
    même identifiant figure dans chaque fichier produit avec cette page (run.json,
    themes.xlsx, les tables CSV, changements.md) : des fichiers qui portent le même
    identifiant montrent les mêmes thèmes.
    {% if i.run.exploratory %}Exécution d'essai (réglages différents de project.yml) : la
    mémoire des thèmes du projet n'a pas été modifiée.{% endif %}</p>
  <h3>Empreinte du corpus</h3>
  <p>SHA-256 des fichiers bruts, de project.yml, de codebook.yml (et, quand ils
    existent, de codage.csv et insights.yml) :
    <code class="fingerprint">{{ i.fingerprint }}</code>. Une empreinte identique garantit
    que le rapport a été produit à partir des mêmes fichiers.</p>
  <h3>Vérification des verbatims</h3>
  <p>Les {{ i.n_quotes_checked | n }} verbatims retenus ont été comparés caractère par
    caractère à leur fichier source : tous sont des copies exactes.</p>
  <h3>Éléments non lus</h3>
  {% if i.refusals %}
  <p>{{ i.refusals | length }} élément(s) écarté(s), avec la raison :</p>
  <ul class="refusals">{% for r in i.refusals %}<li>{{ r }}</li>{% endfor %}</ul>
  {% else %}
  <p>Aucun : chaque fichier et chaque ligne ont été lus.</p>
  {% endif %}
  <h3>Versions</h3>
  <p class="versions">
    {%- for k, v in i.versions.items() %}{{ k }} {{ v }}{{ ", " if not loop.last }}{% endfor %}.
    Rapport produit le <time class="run-date" datetime="{{ i.run_date.isoformat() }}">
    {{- i.run_date.strftime("%d/%m/%Y à %H:%M") }}</time>.</p>
</section>
""", i=insights)
