"""Regenerates corrections.tsv from the reviewed list below (contexts are
resolved to token indices; each must match exactly once)."""
import importlib.util, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
spec=importlib.util.spec_from_file_location("a", os.path.join(HERE, "..", "..", "build_part_a.py"));a=importlib.util.module_from_spec(spec);spec.loader.exec_module(a)
# (file, context, [(pos, new)], reason)
E = [
 ("axar.H.a.tag", "Le citoyen Le Gall", [(2,"PER")], "particule du nom « Le Gall » hors de l'annotation"),
 ("axar.H.a.tag", "la rue d Aiguillon", [(1,"LIEU"),(2,"LIEU")], "odonyme coupé (« rue d Aiguillon ») alors que « rue de Siam » est entier"),
 ("axar.H.a.tag", "retraite Duguay ,", [(1,"PER")], "personne (capitaine Duguay) étiquetée lieu"),
 ("axcr.H.jp.tag", "Bône Marseille ,", [(1,"B-LIEU")], "deux lieux adjacents (fin de titre + lieu de la dépêche) : schéma IO, frontière rétablie"),
 ("axdd.H.io.tag", "M. Vallée ,", [(1,"PER")], "personne étiquetée lieu (liste de résultats)"),
 ("axdd.H.io.tag", "VIIlebrun , Bruz", [(2,"LIEU")], "Bruz est une commune (club du coureur)"),
 ("axdd.H.io.tag", "Houdré , Bruz", [(2,"LIEU")], "Bruz est une commune"),
 ("axdd.H.io.tag", "P. Tachet , Bruz", [(0,"PER"),(3,"LIEU")], "initiale du prénom hors annotation ; Bruz est une commune"),
 ("axdd.H.io.tag", "30 Garnier ,", [(1,"PER")], "personne étiquetée lieu (liste de résultats)"),
 ("axdd.H.io.tag", "M. le bâtonnier de", [(1,"O"),(2,"O")], "« le bâtonnier » est une fonction, pas un nom"),
 ("axdd.H.io.tag", ", Louvet , l'", [(1,"PER")], "personne (l'accusé Louvet) étiquetée lieu"),
 ("axdd.H.io.tag", "Frères de Ploërmel", [(1,"O"),(2,"O")], "congrégation (organisation), pas une personne"),
 ("axcv.H.jp.tag", "28 , Bonhomme ,", [(2,"PER")], "nom oublié dans la liste"),
 ("axcv.H.jp.tag", "29 , Le Roux ,", [(2,"PER"),(3,"PER")], "nom oublié dans la liste"),
 ("axcv.H.jp.tag", "Ploumo . gueur", [(1,"LIEU"),(2,"LIEU")], "nom de commune coupé par l'OCR (Ploumoguer)"),
 ("axdk.H.a.tag", "la Grande-Maison , en Plun augat", [(1,"LIEU"),(5,"LIEU")], "lieu-dit oublié ; commune coupée par l'OCR (Plumaugat)"),
 ("axdk.H.a.tag", "veuve Hermange Thérès Beaufort", [(2,"B-PER"),(3,"PER")], "deux personnes (veuve Hermange / Thérèse Beaufort) ; Beaufort est un nom"),
 ("axdk.H.a.tag", "veuve Vallée Mélanie Sautier", [(2,"B-PER")], "deux personnes (veuve Vallée / Mélanie Sautier) : schéma IO, frontière rétablie"),
 ("axdk.H.a.tag", "à La Bouétée ,", [(1,"LIEU"),(2,"LIEU")], "lieu-dit étiqueté organisation"),
 ("axdk.H.a.tag", "refus de M. Allain", [(3,"PER")], "personne étiquetée lieu"),
 ("axdk.H.a.tag", "M. le docteur Donne", [(1,"O"),(2,"O")], "titre hors du nom, comme ailleurs dans le corpus"),
 ("axdk.H.a.tag", "au Creux , en Brusvily", [(1,"LIEU")], "lieu-dit oublié"),
 ("axdk.H.a.tag", "à Lance , en Yvignuc", [(1,"LIEU")], "lieu-dit oublié"),
 ("axdh.H.a.tag", "Elie nia", [(0,"O")], "« Elie » est l'OCR de « Elle » (pronom)"),
 ("axdh.H.a.tag", "il . Bruz ,", [(2,"LIEU")], "Bruz est une commune (lieu de naissance)"),
 ("axdh.H.a.tag", "à Taillis ,", [(1,"LIEU")], "commune oubliée (lieu de naissance)"),
 ("axdh.H.a.tag", "Jules Rochedeux ,", [(1,"PER")], "nom de famille étiqueté lieu"),
 ("axdh.H.a.tag", "M. le docteur Perrin de la touche", [(1,"O"),(2,"O"),(4,"PER"),(5,"PER"),(6,"PER")], "titre hors du nom ; nom à particule « Perrin de la Touche »"),
 ("axdh.H.a.tag", "MARTYRE DE PIRE", [(2,"LIEU")], "commune (Piré) oubliée dans le titre"),
 ("axcu.H.jp.tag", "IL DE DION EN", [(2,"O")], "sans objet (titre) — laissé tel quel"),
 ("axct.H.jp.tag", ", Auguste et Fabienne", [(1,"PER")], "prénom oublié"),
 ("axct.H.jp.tag", "Le Kaiser reviendra", [(1,"O")], "titre (l'empereur), pas un nom"),
 ("axbp.H.jp.tag", "de Ch . Fournay", [(2,"PER")], "initiale abrégée « Ch. » : le point fait partie du nom"),
 ("axbp.H.jp.tag", "de Ed . Missa", [(2,"PER")], "initiale abrégée « Ed. » : le point fait partie du nom"),
 ("axbp.H.jp.tag", "au général de La Nouvelle , commandant", [(3,"PER"),(4,"PER")], "nom oublié (2e mention)"),
 ("xcx.H.a.tag", "GABRIELLE VIII (", [(1,"O")], "numéro de chapitre, pas un nom"),
 ("xcx.H.a.tag", "ma dame Labrousse ,", [(2,"PER")], "personne (« madame Labrousse ») étiquetée lieu"),
 ("xcx.H.a.tag", "collection Bonnemère ,", [(1,"PER")], "nom de personne (collection éponyme) oublié"),
 ("xcx.H.a.tag", ". Vigoureux , après", [(1,"PER")], "nom oublié"),
 ("xcv.H.a.tag", "et Dussaiit ,", [(1,"PER")], "personne (chef de la police municipale) étiquetée lieu"),
 ("axaf.H.a.tag", "capitaine JeanPaul . Aussitôt", [(1,"PER")], "personne (capitaine Jean-Paul) étiquetée lieu"),
 ("axaf.H.a.tag", "capitaine JeanPaul faisait", [(1,"PER")], "personne étiquetée lieu"),
 ("axaf.H.a.tag", "1 Catherine ,", [(1,"PER")], "personne étiquetée lieu"),
 ("axaf.H.a.tag", ", Marie-Anne et Marie-Louise ,", [(1,"PER"),(3,"PER")], "personnes (les jumelles) étiquetées lieu"),
 ("axaf.H.a.tag", "Gredel Mozer G'est", [(1,"PER"),(2,"O")], "nom complet « Gredel Mozer » ; « G'est » est l'OCR de « C'est »"),
 ("axaf.H.a.tag", "de Guillaume Holtein ,", [(1,"PER"),(2,"PER")], "personne étiquetée organisation (prénom oublié)"),
 ("axaf.H.a.tag", "la Gretchen la Badoise et", [(1,"PER")], "prénom étiqueté organisation ; « la Badoise » est un surnom (gentilé), laissé non annoté"),
 ("axaf.H.a.tag", "du Rhin ,", [(1,"LIEU")], "fleuve/région étiqueté organisation"),
 ("axaf.H.a.tag", "entre Guillaume et", [(1,"PER")], "prénom oublié"),
 ("axaf.H.a.tag", "à la Badoise un", [(2,"O")], "surnom (gentilé), pas un lieu"),
 ("axaf.H.a.tag", "voyait Guillaume frayant", [(1,"PER")], "prénom oublié"),
 ("axaf.H.a.tag", "Le Badois Kaufmann", [(1,"O")], "gentilé, pas un nom"),
 ("axaf.H.a.tag", "Il- avait", [(0,"O")], "pronom (OCR « Il- »), pas un lieu"),
 ("xcv.H.a.tag", "revint à Paris ,", [(2,"LIEU")], "ville oubliée"),
 ("axcr.H.jp.tag", "Brouardel Paris ,", [(1,"LIEU")], "ville (lieu de la dépêche) oubliée"),
 ("xcx.H.a.tag", "déroba au Louvre une", [(2,"LIEU")], "lieu oublié (étiqueté LIEU à la mention suivante)"),
 ("axbp.H.jp.tag", "au Polygone où", [(1,"LIEU")], "lieu (terrain militaire) oublié"),
]
rows=[]
for f,ctx,chg,why in E:
    toks=a.read_compact(f); words=[t for t,_ in toks]; c=ctx.split()
    hits=[i for i in range(len(words)-len(c)+1) if words[i:i+len(c)]==c]
    if len(hits)!=1: sys.exit(f"{f} {ctx!r}: {len(hits)} hits")
    for pos,new in chg:
        i=hits[0]+pos; old=a.OURS[toks[i][1]]
        if why.startswith("sans objet"): continue
        if new==old: sys.exit(f"no-op {f} {ctx} {pos}")
        rows.append(f"{f}\t{i}\t{words[i]}\t{old}\t{new}\t{why}")
with open(os.path.join(HERE, "corrections.tsv"),"w",encoding="utf-8") as o:
    o.write("# file\ttoken_index\ttoken\tsource_label\tcorrected_label\treason  (B-X = new span of kind X)\n")
    o.write("\n".join(rows)+"\n")
print(len(rows),"rows")
