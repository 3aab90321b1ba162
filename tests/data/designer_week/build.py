#!/usr/bin/env python3
"""Rebuild the « designer_week » fixture project (all material fictional, in French).

    python3 tests/data/designer_week/build.py

Standard library only, deterministic: the same bytes at every run. The texts live below;
the renderers turn each interview into the file format a designer really receives
(Word-exported text in Windows-1252 with CRLF, Notepad UTF-8 with BOM, Q/R transcript,
timestamped transcript, Markdown, Teams and Zoom WebVTT, SubRip), the consultation into
an Excel-for-France CSV (cp1252, ``;``, CRLF) and the workshop note into Markdown.
See README.md next to this script for the facts the tests rely on.

Script language: each interview is a list of lines ``CODE| text``; ``CODE`` maps to the
speaker label written in the file. A line ``+| text`` starts a new paragraph inside the
same turn, ``*| text`` a new line inside the same paragraph (Markdown bullets), and any
other non-blank line continues the current paragraph (joined with a space).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
ADDED = HERE / "added"
NAMESPACE = uuid.UUID("6f1d2c3e-8a4b-4c5d-9e0f-1a2b3c4d5e6f")


# --------------------------------------------------------------------------- parsing


@dataclass
class Turn:
    code: str
    paragraphs: list[str] = field(default_factory=list)

    def text(self, para_sep: str = "\n\n") -> str:
        return para_sep.join(self.paragraphs)

    def flat(self) -> str:
        """One line of text (subtitles): paragraphs and bullet lines joined by spaces."""
        return " ".join(" ".join(p.split("\n")) for p in self.paragraphs)


_CODE_RE = re.compile(r"^([A-Z]{1,3}|\+|\*)\| ?(.*)$")


def parse(script: str) -> list[Turn]:
    turns: list[Turn] = []
    for raw in script.strip("\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        m = _CODE_RE.match(line)
        if m is None:
            turns[-1].paragraphs[-1] += " " + line
        elif m.group(1) == "+":
            turns[-1].paragraphs.append(m.group(2))
        elif m.group(1) == "*":
            turns[-1].paragraphs[-1] += "\n" + m.group(2)
        else:
            turns.append(Turn(m.group(1), [m.group(2)]))
    return turns


# --------------------------------------------------------------------------- text files


def stamp(seconds: float, sep: str = ".", hours: bool = True) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}" if hours else f"{h:02d}:{m:02d}:{s:02d}"


def turn_times(turns: list[Turn], seed: int, start: float = 3.0) -> list[float]:
    """Start time of each turn, as if spoken at ~14 characters a second."""
    rng = random.Random(seed)
    times, t = [], start
    for turn in turns:
        times.append(t)
        t += len(turn.flat()) / 14.0 + rng.uniform(0.6, 2.4)
    return times


def render_colon(header: str, turns: list[Turn], labels: dict[str, str], *,
                 blank_between: bool, label_sep: str = " : ", bold: bool = False,
                 times: list[float] | None = None) -> str:
    """``Label : texte`` transcripts (optionally ``[hh:mm:ss] Label : texte`` or bold)."""
    out = []
    para_sep = "\n\n" if blank_between else "\n"
    for i, turn in enumerate(turns):
        label = labels[turn.code]
        if bold:
            head = f"**{label}{label_sep.rstrip()}** "
        else:
            head = f"{label}{label_sep}"
        if times is not None:
            head = f"[{stamp(times[i], hours=False)}] {head}"
        out.append(head + turn.text(para_sep))
    body = ("\n\n" if blank_between else "\n").join(out)
    return f"{header}\n\n{body}\n"


# --------------------------------------------------------------------------- subtitles


def chunks(text: str, limit: int) -> list[str]:
    """Cut a turn into subtitle-sized pieces, between sentences when possible."""
    sentences = re.split(r"(?<=[.!?…])\s+(?=\S)", text)
    pieces: list[str] = []
    for sentence in sentences:
        while len(sentence) > limit:
            cut = sentence.rfind(", ", 0, limit)
            cut = cut + 1 if cut > limit // 3 else sentence.rfind(" ", 0, limit)
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        pieces.append(sentence)
    packed: list[str] = []
    for piece in pieces:
        if packed and len(packed[-1]) + 1 + len(piece) <= limit and len(piece) < limit // 2:
            packed[-1] += " " + piece
        else:
            packed.append(piece)
    return [p for p in packed if p]


def wrap2(text: str, width: int = 42) -> str:
    """Two subtitle lines at most, cut at the space nearest the middle."""
    if len(text) <= width:
        return text
    middle = len(text) // 2
    left, right = text.rfind(" ", 0, middle + 1), text.find(" ", middle)
    cut = left if right == -1 or (left != -1 and middle - left <= right - middle) else right
    return text[:cut] + "\n" + text[cut + 1:]


def cue_plan(turns: list[Turn], limit: int, seed: int, start: float = 2.0):
    """[(turn_index, piece, start, end)] with plausible timings."""
    rng = random.Random(seed)
    plan, t = [], start
    for i, turn in enumerate(turns):
        for piece in chunks(turn.flat(), limit):
            duration = max(1.1, len(piece) / 15.0) + rng.uniform(0.0, 0.6)
            plan.append((i, piece, t, t + duration))
            t += duration + rng.uniform(0.05, 0.25)
        t += rng.uniform(0.5, 2.0)
    return plan


def render_vtt_teams(note: str, turns: list[Turn], labels: dict[str, str], seed: int) -> str:
    out = ["WEBVTT", "", "NOTE", note, ""]
    counter = {}
    for i, piece, start, end in cue_plan(turns, 118, seed, start=3.12):
        utterance = uuid.uuid5(NAMESPACE, f"{seed}-{i}")
        k = counter.get(i, 0)
        counter[i] = k + 1
        out += [f"{utterance}/{2 * i + 3}-{k}", f"{stamp(start)} --> {stamp(end)}",
                f"<v {labels[turns[i].code]}>{piece}</v>", ""]
    return "\n".join(out)


def render_vtt_prefix(turns: list[Turn], labels: dict[str, str], seed: int, *,
                      numbered: bool) -> str:
    out = ["WEBVTT", ""]
    for n, (i, piece, start, end) in enumerate(cue_plan(turns, 125, seed), start=1):
        if numbered:
            out.append(str(n))
        out += [f"{stamp(start)} --> {stamp(end)}", f"{labels[turns[i].code]}: {piece}", ""]
    return "\n".join(out)


def render_srt(turns: list[Turn], labels: dict[str, str], seed: int) -> str:
    out = []
    previous = None
    for n, (i, piece, start, end) in enumerate(cue_plan(turns, 84, seed, start=1.0), start=1):
        text = piece if i == previous else f"{labels[turns[i].code]} : {piece}"
        previous = i
        out += [str(n), f"{stamp(start, ',')} --> {stamp(end, ',')}", wrap2(text), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- writing


def word_style(text: str) -> str:
    """What Word's French autocorrect does: ’ … and non-breaking spaces before : ; ? ! »."""
    text = text.replace("'", "\u2019").replace("...", "\u2026")
    text = re.sub(r" ([:;?!»])", "\u00a0\\1", text)
    return text.replace("« ", "«\u00a0")


def write(path: Path, text: str, *, encoding: str = "utf-8", crlf: bool = False,
          bom: bool = False) -> None:
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# =========================================================================== interviews

# --- 01 : Léa, 17 ans, lycéenne, Albi (Tarn) — UTF-8, LF, « Claire : » / « Léa : »
HEADER_01 = """Entretien n°1 — mardi 4 mars 2025 — Albi (Tarn)
Entretien réalisé au CDI du lycée, pendant une heure de permanence. Enquêtrice : Claire Vidal. Participante : Léa, 17 ans, terminale générale. Autorisation parentale recueillie. Transcription faite par Claire, relue par Julien."""

SCRIPT_01 = """
C| Bon, c'est parti, ça enregistre. Merci Léa d'avoir accepté. Est-ce que tu peux te présenter, en quelques mots ?
P| Euh oui. Alors Léa, j'ai dix-sept ans, je suis en terminale générale ici, au lycée Marie-Curie, spé SES et HGGSP. J'habite pas à Albi, j'habite à Valence-d'Albigeois, c'est à trente bornes à peu près. Voilà.
C| Et le matin, tu viens comment ?
P| Le car. [rires] Le car scolaire, celui de 6h50. Enfin il est censé passer à 6h50, des fois il passe à 6h45 et si tu le rates t'es foutue, y en a pas d'autre. Du coup je me lève à six heures moins le quart, tous les jours. Et le soir c'est le car de 17h40, donc le jeudi où on finit à 18h, ben je pars avant la fin. J'ai un mot de la CPE pour ça.
C| Tu pars avant la fin du cours ?
P| Ouais, en philo. Le prof est au courant, il dit rien, mais je rate le dernier quart d'heure à chaque fois, et c'est souvent là qu'il explique le devoir. Du coup je demande à Yanis, il m'envoie une photo de ses notes.
C| Yanis, c'est un copain de classe ?
P| C'est mon meilleur pote, on se connaît depuis la sixième. Lui il habite à Albi, il vient à pied, il a de la chance. [rires]
C| D'accord. Et en dehors des cours, le mercredi après-midi, le week-end ?
P| Ben... le week-end, franchement, c'est le néant. Chez moi y a pas de car le samedi, enfin y en a un, le matin, pour le marché, et il revient à midi. Le dimanche y a rien du tout. Donc soit mes parents m'emmènent, soit je bouge pas. Et mes parents ils bossent : ma mère elle est aide-soignante à l'hôpital d'Albi, elle fait des week-ends une semaine sur deux, et mon père il a la ferme, enfin il a les vaches, donc le week-end c'est comme la semaine pour lui. Mon frère, Théo, il a le permis, mais il est à Toulouse maintenant, il fait un BUT, il rentre un week-end sur deux et il a pas envie de faire le taxi, ce que je comprends. Du coup le samedi je reste à la maison, je fais mes devoirs, je regarde des séries, je suis sur mon téléphone. Quand il y a un truc, genre un anniversaire à Albi ou une soirée, il faut tout organiser une semaine avant : qui m'emmène, où je dors, qui me ramène. Des fois je dors chez une copine, sa mère est cool. Mais c'est fatigant de toujours demander, t'as l'impression d'être un boulet. L'été dernier y avait Pause Guitare, le festival, et j'ai pu y aller qu'un soir, parce que le soir y a pas de car, voilà. On a essayé le transport à la demande une fois, avec ma copine Inès, enfin une autre Inès, pas celle de ma classe [rires], mais il faut appeler la veille avant midi et ils font que les trajets vers le marché ou le médecin, en journée. Ça sert pas pour nous, en fait, c'est pensé pour les personnes âgées. Je dis pas que c'est mal, hein, mais nous on existe aussi. Les gens disent que les jeunes ils sont tout le temps sur leur téléphone, mais quand t'as dix-sept ans et que t'habites à trente kilomètres de tout, tu fais quoi d'autre ? Le téléphone, c'est là où sont mes potes. Le city stade du village, il est à côté de la salle des fêtes, mais y a personne de mon âge, c'est des petits de dix ans qui jouent au foot.
C| Mmh.
P| Et à Albi même, quand t'y es, y a pas grand-chose non plus pour nous. Le McDo, le parking du Leclerc... [rires] Non mais c'est vrai. Un lieu où on peut rester sans payer, au chaud, ça manque.
C| Tu parlais du permis de ton frère. Toi, tu y penses ?
P| Oui, j'ai commencé la conduite accompagnée, à quinze ans et demi. Mais c'est 1 800 euros le forfait à l'auto-école, mes parents ont payé la moitié, et le reste c'est moi, avec le baby-sitting. J'ai encore dix heures à faire et ça bloque, parce que l'auto-école est à Albi, et pour y aller... ben il faut une voiture. [rires] C'est le serpent qui se mord la queue.
C| C'est toi qui paies, avec le baby-sitting ?
P| Oui, je garde les deux petits de la voisine le mercredi, et des fois le samedi soir. Dix euros de l'heure, non déclaré, bon. [rires] Ça m'a permis de payer le code et une partie des heures. Sinon j'aurais rien.
C| D'accord. Et la Carte Jeune Région, tu l'as ?
P| Oui, tout le monde l'a, c'est pour les manuels et le matériel. En seconde j'ai eu l'ordi aussi, le loRdi. Mais franchement je savais pas qu'il y avait d'autres trucs dessus. Y a des trucs pour le permis ?
C| Il y a des aides, oui, on pourra en reparler à la fin si tu veux.
P| Ouais, je veux bien. Mais notez que personne nous l'a dit. [rires]
C| Je note. Parlons de l'après-bac. Tu en es où, avec Parcoursup ?
P| Alors là... C'est le sujet qui fâche. J'ai mis mes vœux le mois dernier. Je voulais faire psycho, à Toulouse, à Jean-Jaurès, mais tout le monde te dit qu'il y a pas de place en master, que ça débouche sur rien. Donc j'ai mis aussi des BUT carrières sociales, à Rodez et à Toulouse, et un BTS ESF à Albi, au cas où. Le problème c'est que je sais pas vraiment ce que je veux faire. On te demande de choisir ta vie à dix-sept ans, avec un algorithme que personne comprend. Et la lettre de motivation, le « projet de formation motivé », j'en ai écrit douze. Douze. Pour dire la même chose avec des mots différents.
C| Qui t'a aidée pour les vœux ?
P| Ben personne, en vrai. Enfin si, on a eu deux heures d'orientation en classe avec la prof principale, et une psy-EN qui est venue une fois, mais elle est sur trois lycées, pour avoir un rendez-vous c'est deux mois. Mon frère m'a aidée un peu, et les vidéos YouTube. Et TikTok. [rires] Y a des comptes qui expliquent Parcoursup mieux que le site.
C| Tu as l'air de dire que c'est stressant.
P| Ah ouais. Ouais ouais. Y a des filles dans ma classe qui dorment plus. Moi ça va, enfin je dors, mais j'ai des crises d'angoisse parfois, le dimanche soir surtout. J'en ai parlé à l'infirmière, elle est gentille, mais elle est là deux jours par semaine et y a la queue devant son bureau. Elle m'a donné un numéro, un truc pour avoir des séances de psy gratuites, mais il faut que mes parents prennent le rendez-vous et que ma mère m'emmène à Albi un mercredi. Donc j'ai pas appelé.
C| Tes parents sont au courant ?
P| Ma mère un peu. Mon père non. C'est pas un sujet chez nous, la santé mentale. Pour lui t'es fatiguée, tu dors, et voilà. [silence] Bon.
C| On peut passer à autre chose, si tu préfères.
P| Non, non, ça va. Mais c'est vrai que s'il y avait quelqu'un au lycée, tous les jours, à qui parler, ça changerait. Pas forcément un psy. Quelqu'un.
C| Et l'information, sur ce qui existe pour les jeunes, tu la trouves où ?
P| Insta, TikTok, et les copains. Les sites officiels, je les ouvre jamais. Enfin si, Parcoursup et Pronote, parce qu'on est obligés. [rires] Les sites de la mairie ou de la Région, c'est fait pour les parents : c'est des pavés, des PDF, faut cliquer quinze fois. Et les démarches en ligne, genre la bourse, c'est ma mère qui les fait, parce qu'il faut ses papiers à elle, l'avis d'imposition et tout.
C| Tu as une bourse ?
P| Oui, la bourse de lycée, échelon 2 je crois. Et pour l'année prochaine on a fait le dossier social étudiant, sur le site du Crous, ça a pris deux soirées. Deux soirées ! Le site plantait, il fallait scanner des trucs, ma mère a pas de scanner, on a fait des photos avec mon téléphone et il les refusait parce que c'était trop lourd. [inaudible] ... enfin bref, on y est arrivées.
C| Est-ce qu'il t'est déjà arrivé de donner ton avis sur ce qui se passe dans ta commune, ou au lycée ?
P| Au lycée je suis au CVL, le conseil de la vie lycéenne. On a demandé des micro-ondes pour les internes et une salle ouverte le midi. Les micro-ondes, on les a eus. [rires] La salle, on attend. Et à Valence y a un conseil municipal des jeunes, mais c'est pour les collégiens, j'y étais en quatrième. On avait fait un projet de skatepark, on l'a présenté au maire, il a dit « c'est super », et après plus de nouvelles. Trois ans après, toujours pas de skatepark.
C| Et ça, qu'est-ce que ça te fait ?
P| Ben ça te donne pas envie de recommencer. On a l'impression qu'on nous demande notre avis pour faire joli sur la photo du journal. Si on nous disait « non, c'est pas possible, pour telle raison », au moins on saurait. Là c'est juste le silence.
C| Si tu pouvais dire une chose aux élus de la Région, ce serait quoi ?
P| Des cars le soir et le week-end. Vraiment. Même un seul, le samedi soir, qui fait Albi-Valence à 23h. Ça changerait ma vie. Et quelqu'un à qui parler au lycée, tous les jours. Voilà, c'est tout. [rires] Enfin non, c'est pas tout, mais c'est déjà pas mal.
C| Merci beaucoup, Léa. On arrête l'enregistrement.
P| Merci à vous. C'était cool, en fait.
"""

# --- 02 : Mathis, 19 ans, apprenti, Rodez / Millau (Aveyron) — Word « Enregistrer sous
#     texte » : Windows-1252, CRLF, ’ … et espaces insécables avant : ? ! »
HEADER_02 = """Entretien n°2 – mardi 11 mars 2025 – Rodez (Aveyron)
Entretien réalisé au CFA, dans une salle de cours vide, à la pause de midi. Enquêteur : Julien Garnier. Participant : Mathis, 19 ans, apprenti en CAP maintenance des matériels agricoles (2e année). Le participant mange pendant l'entretien."""

SCRIPT_02 = """
J| Voilà, ça tourne. Merci Mathis de prendre sur ta pause de midi. Tu peux te présenter ?
P| Ouais. Mathis, dix-neuf ans, je suis en deuxième année de CAP maintenance des matériels agricoles, en apprentissage. Je suis au CFA ici à Rodez une semaine sur trois, et le reste du temps je suis dans l'entreprise, à Millau. C'est une concession : on vend et on répare des tracteurs, du matériel d'élevage, des quads aussi.
J| Et tu habites où ?
P| Chez mes parents, à Creissels, c'est juste à côté de Millau, de l'autre côté du pont. Enfin pas le viaduc, hein, le vieux pont. [rires] Quand je suis au CFA, je dors à l'internat, ici.
J| Ça se passe comment, l'internat ?
P| Bof. Ça dépanne. C'est 11 euros la nuit, on est à deux dans la chambre, les douches c'est... bon, on va pas en parler. [rires] Et le vendredi faut libérer la chambre avant 14h. Mais au moins j'ai un lit. Y a des gars de ma promo qui ont pas eu de place et qui font des allers-retours tous les jours, ou qui dorment chez des potes, sur le canapé.
J| Et les semaines en entreprise ?
P| Alors là c'est le problème. L'entreprise elle est à Millau, zone industrielle, et j'ai pas le permis. Donc le matin c'est mon père qui me dépose, il commence à 7h30 lui aussi, ça tombe bien. Le soir je finis à 18h, des fois 18h30 quand y a un tracteur à finir pour un client, et là faut que je rentre à pied, ou à vélo, c'est quarante minutes, et y a une côte, j'vous raconte pas. L'hiver il fait nuit, y a pas de trottoir sur la moitié de la route, les camions passent à côté de toi... ma mère elle flippe. Le pire c'est les semaines de CFA, justement. Le lundi matin faut être à Rodez à 8h. Y a un car liO Millau-Rodez, mais le premier il arrive à 8h40, donc je serais en retard à chaque fois, et le CFA il note quand même. Donc c'est mon père qui m'emmène le dimanche soir, une heure de route aller, une heure retour, toutes les trois semaines. Il dit rien mais je vois bien que ça le saoule. Et le vendredi, le car du retour il part à 16h55, on finit à 17h... donc je cours. Une fois je l'ai raté, j'ai attendu le suivant, 19h20, je suis arrivé à Millau à 20h30 et mon père était à une réunion, j'ai fait du stop sur le rond-point. Je dis pas que c'est la mort, hein, je suis pas à plaindre, mais quand t'as bossé toute la semaine, t'as pas envie de ça. Et le permis, j'y pense tous les jours, mais entre le code, les heures, l'examen... on m'a dit 2 000 euros minimum, et moi je touche quoi, en deuxième année, 800 et quelques. Là-dessus je donne 150 à mes parents pour la maison, je paie l'internat, mon forfait, les repas... il me reste rien à la fin du mois. Alors mettre 2 000 euros dans le permis, c'est un an d'économies, si je sors jamais.
J| Tu as entendu parler d'aides pour le permis ?
P| Y a les 500 euros pour les apprentis, oui, c'est mon patron qui m'en a parlé. Mais faut avancer l'argent d'abord, l'auto-école elle attend pas. Et j'ai entendu qu'il y avait un truc de la Région aussi, mais je sais pas si c'est pour moi, s'il faut être au chômage, ou quoi.
J| C'est ton patron qui t'en a parlé ?
P| Ouais, M. Lefèvre. Il est bien, hein, il est dur mais il est juste. Quand je suis arrivé il m'a dit « moi je veux que tu saches tout faire dans trois ans ». Et il me laisse toucher à tout. Par contre il a pas le temps : c'est lui qui fait les devis, l'atelier, les clients, le téléphone... le midi il mange debout.
J| Comment tu as trouvé cet apprentissage ?
P| Par le réseau. [rires] Non, sérieux. Mon oncle il achète son matériel là-bas depuis vingt ans, il connaît Lefèvre, il lui a dit « mon neveu il cherche ». J'avais envoyé je sais pas combien de CV avant, sur La Bonne Alternance et sur Indeed. Zéro réponse. Zéro. Et là en une semaine c'était fait. Donc le CV, franchement... si t'as personne, t'es mal.
J| Et ceux qui n'ont pas d'oncle ?
P| Ben ils galèrent. Y a un gars de ma promo, Kévin, il vient de Decazeville, il a trouvé son patron trois semaines après la rentrée, il a failli perdre sa place au CFA. C'est la dame des relations entreprises du CFA qui l'a aidé au final. Sans elle il était à la rue.
J| D'accord. Tu parlais d'argent tout à l'heure. Comment tu t'en sors ?
P| Ça va, je m'en sors parce que je suis chez mes parents, avec ma petite sœur. Si je devais payer un loyer à Millau... c'est 450, 500 euros un studio, et en plus pour un apprenti les propriétaires ils veulent pas. Ils veulent des garants, trois fois le loyer, un CDI... J'ai un pote qui a cherché, on lui a demandé la fiche de paie de ses parents. À dix-neuf ans ! Et la caution, deux mois. Y a la garantie Visale, je sais, mais les proprios ils connaissent pas, ou ils en veulent pas.
J| Et si tu avais ton entreprise loin de chez toi ?
P| Faudrait payer deux logements, un ici pour le CFA et un là-bas. Avec 800 euros, c'est pas possible. Je crois qu'il y a une aide pour ça, pour le double logement, mais pareil, personne m'a expliqué. On a eu une réunion d'info en première année, une heure dans l'amphi, avec des diapos... j'ai rien retenu. Honnêtement.
J| C'est quoi, le bon moyen de vous donner l'info, alors ?
P| Quelqu'un qui vient nous voir en vrai, en petit groupe, et qui dit « toi, t'as droit à ça, ça et ça ». Pas un site. Ou alors une appli simple : tu mets ton âge, ta situation, et ça te dit. Les sites, tu te perds. Le site de la Région, j'y suis allé une fois pour la Carte Jeune, j'ai cliqué partout et j'ai fini sur une page qui parlait des aides aux entreprises. [rires]
J| Tu l'as, la Carte Jeune ?
P| Je l'avais au lycée. En apprentissage je sais même pas si j'y ai droit. Vous savez, vous ?
J| Je crois que oui, on regardera ensemble après. Et en dehors du boulot, qu'est-ce que tu fais ?
P| Le rugby. Je joue à Millau, en juniors. Entraînement le mardi et le jeudi soir, match le dimanche. C'est ce qui me tient, le rugby. Les semaines de CFA je rate les entraînements, l'entraîneur il râle un peu mais il comprend. Et le samedi soir on sort à Millau, ou on se fait des soirées chez un pote qui a une grange. [rires] Mais faut que quelqu'un ait une voiture et qu'il boive pas. Souvent c'est le même, le pauvre.
J| Mmh.
P| Sinon y a les fêtes de village l'été, les festivals, mais pareil, c'est la voiture. Y a des navettes pour certains festivals, mais pour les fêtes de village, nada.
J| Tu dirais que tu es fatigué, en ce moment ?
P| Ouais, un peu. C'est le rythme. Lever six heures, l'atelier, le soir le rugby, les devoirs du CFA le week-end... et les examens en juin. Des fois je me dis que je vais tout lâcher et bosser direct, n'importe où, pour avoir un vrai salaire. Mais bon, mon père il dit que le diplôme c'est important. Il a raison, je pense.
J| Est-ce que tu as l'impression que les apprentis sont écoutés ?
P| Écoutés par qui ? [rires] Non. On est entre les deux. Au lycée y a des délégués, le CVL, tout ça. En entreprise t'es le petit. Au CFA y a des délégués, mais c'est pour dire que la cantine est pas bonne. Personne nous demande jamais ce qu'on pense, nous, des transports ou du logement. Vous êtes les premiers. Et je sais pas si ça va servir à quelque chose, mais bon.
J| Justement, qu'est-ce qui te ferait dire que ça a servi ?
P| Si dans un an y a un car qui arrive à 7h45 à Rodez le lundi. [rires] Voilà. Ou si on me rappelle pour me dire ce que vous avez fait de tout ça. C'est déjà pas mal.
J| C'est noté. Une dernière question : dans cinq ans, tu te vois où ?
P| Ici. Enfin, en Aveyron. J'aimerais bien reprendre un atelier un jour, à mon compte, pourquoi pas. Lefèvre il part à la retraite dans huit ans, il me l'a dit en rigolant... mais peut-être qu'il rigolait pas. [rires] Par contre faut que j'aie le permis avant, hein.
J| Merci Mathis, on s'arrête là.
P| Merci. Bon appétit à moi. [rires]
"""

# --- 03 : Inès, 21 ans, étudiante, Tarbes (Hautes-Pyrénées) — UTF-8 avec BOM, LF,
#     tours sans ligne vide, « Claire Vidal : » / « INES : »
HEADER_03 = """ENTRETIEN 3 — jeudi 13 mars 2025 — Tarbes (Hautes-Pyrénées)
Entretien réalisé dans un café près de l'IUT, avec du bruit de fond (machine à café) : quelques passages inaudibles. Enquêtrice : Claire Vidal. Participante : Inès, 21 ans, étudiante en BUT. Transcription automatique corrigée à la main."""

SCRIPT_03 = """
CV| Voilà, c'est lancé. Merci Inès. Pour commencer, tu peux me dire qui tu es, ce que tu fais ?
P| Oui ! Alors Inès, vingt et un ans, je suis en deuxième année de BUT GEA à l'IUT de Tarbes, gestion des entreprises et des administrations. Je suis originaire de Mirande, dans le Gers, mes parents sont là-bas. Et ici je suis en colocation avec deux filles, à côté de l'Arsenal.
CV| Comment tu as trouvé cette colocation ?
P| Oh là là. Alors ça c'est toute une histoire. [rires] En fait, en première année, j'étais dans un studio du Crous, à la résidence, c'était 280 euros et avec l'APL ça allait. Mais le Crous c'est pas garanti d'une année sur l'autre, et moi j'ai fait ma demande de renouvellement trop tard, j'avais pas vu le mail, il était dans les spams. Donc en juin je me suis retrouvée sans logement pour la rentrée. J'ai cherché sur Leboncoin, sur les groupes Facebook de colocation, sur La Carte des Colocs... Les annonces partent en deux heures. Et quand t'appelles, la première question c'est « vous avez des garants ? ». Mon père est au chômage depuis deux ans et ma mère est ATSEM à mi-temps, donc pour les proprios c'est pas des garants. J'ai fait Visale, la garantie de l'État, mais y a une agence qui m'a carrément dit « Visale, on prend pas ». Ils ont le droit ? Je sais pas. Au final c'est une fille de ma promo, Clara, qui m'a dit qu'une chambre se libérait dans sa coloc. Sans elle je faisais les allers-retours Mirande-Tarbes, et ça c'est une heure de route, sans voiture : il y a un car, mais il passe deux fois par jour. Le loyer c'est 390 euros charges comprises, pour une chambre de onze mètres carrés. Et la caution, un mois de loyer, alors que j'avais pas encore récupéré celle du Crous. Ça m'a pris tout l'été, ça m'a bouffée. J'ai commencé ma deuxième année déjà épuisée.
CV| Mmh. Et financièrement, comment tu fais ?
P| J'ai la bourse, échelon 5, donc ça fait dans les 450 euros par mois, sur dix mois. L'APL, 180. Et je bosse au Carrefour le samedi et le dimanche matin, en caisse, ça fait dans les 500 euros. Donc ça va, mais y a zéro marge. Si la machine à laver lâche, ou si j'ai un dentiste, c'est la catastrophe.
CV| Tu travailles tous les week-ends ?
P| Tous. Samedi toute la journée, dimanche matin. Donc je vois presque jamais mes parents, je rentre à Mirande une fois par mois, en gros. Et je fais mes devoirs le dimanche après-midi, enfin quand je dors pas. [rires]
CV| Est-ce que ça a un impact sur tes études ?
P| Ouais. Aux partiels de janvier, j'ai eu deux rattrapages. C'est la première fois de ma vie que j'ai des rattrapages. Et y a des travaux de groupe : les autres ils se voient le samedi, moi je peux pas, donc je suis un peu à part. Ils sont gentils, hein, mais je sens que ça les saoule.
CV| Tu veux m'en dire un peu plus ?
P| [inaudible] ... enfin c'est pas grave. C'est juste que des fois je me sens seule, en fait. Je connais pas grand monde à Tarbes. Mes amis du lycée sont à Toulouse, à Pau, à Bordeaux.
CV| Tu as pu en parler à quelqu'un ?
P| Alors oui, et c'est là que je voulais en venir. En novembre ça allait pas du tout. Je dormais trois heures par nuit, j'arrivais plus à aller en cours, je pleurais dans le bus. J'ai fini par en parler à la médecin que j'ai prise ici, et elle m'a parlé du dispositif Santé Psy Étudiant, les séances gratuites. C'est super sur le papier. Mais il a fallu trouver une psy qui participe au dispositif à Tarbes. Sur le site, y en avait quatre. J'ai appelé les quatre. Deux répondaient pas, une prenait plus de nouveaux patients, et la dernière, Mme Roques, m'a donné un rendez-vous... en février. Trois mois. Trois mois quand tu vas pas bien, c'est une éternité. Le service de santé de l'université, il est à Toulouse, enfin y a une antenne à Tarbes, mais c'est une infirmière une demi-journée par semaine. Bon, maintenant je vois Mme Roques tous les quinze jours, et ça m'aide vraiment. Mais entre-temps j'ai failli arrêter mes études.
CV| Qu'est-ce qui t'a fait tenir, entre-temps ?
P| Ma coloc, Clara. Et ma mère au téléphone tous les soirs. Et une ligne d'écoute, Nightline, je les ai appelés deux fois la nuit. C'est des étudiants bénévoles. C'était bien.
CV| D'accord. Je voudrais revenir sur les transports. Tu te déplaces comment ?
P| À pied à Tarbes, et en bus quand il pleut. Pour rentrer à Mirande, c'est compliqué. Y a le car qui passe deux fois par jour, et il faut changer à Auch, ou alors ma mère vient me chercher. Le train, pour aller à Toulouse, ça va, le liO Tarbes-Toulouse, une heure quarante, mais c'est cher si tu réserves au dernier moment. J'ai la carte de réduction jeunes, ça aide.
CV| Tu as le permis ?
P| Non. J'ai eu le code en terminale, mais j'ai jamais pu payer les heures. Le code il expire dans un an, d'ailleurs, faudrait que je me dépêche. [rires] Enfin non, je rigole, je pourrai pas.
CV| Et les démarches administratives, ça se passe comment pour toi ?
P| Horrible. La CAF, c'est l'enfer. Ils m'ont demandé trois fois la même attestation. Tout est en ligne, mais quand ça bugue y a personne. Le numéro de téléphone, tu attends quarante minutes et ça raccroche. Je suis allée à l'accueil, ils m'ont dit de prendre rendez-vous... en ligne. [rires] C'est un cercle. Et le Crous, le DSE, pareil. Pour le dossier de bourse il faut l'avis d'imposition de tes parents, mais mon père a pas fait sa déclaration à temps, donc ma bourse a été bloquée deux mois, septembre et octobre. Deux mois sans bourse, avec un loyer.
CV| Comment tu as fait, ces deux mois-là ?
P| J'ai fait plus d'heures au Carrefour, et ma tante m'a prêté 300 euros. Je les ai rendus, hein. [rires]
CV| Qui t'aide, pour ces démarches ?
P| Personne, je me débrouille. Y avait un atelier « vie étudiante » à l'IUT en début d'année, mais c'était pendant mes heures de boulot. Des fois je demande à mon frère aîné, Nassim, il travaille à la mairie de Mirande, il connaît les trucs.
CV| Tu as des loisirs, des moments pour toi ?
P| Peu. J'aime bien la montagne, le Pic du Midi, mais c'est la voiture. J'y suis allée une fois avec l'asso des étudiants. Sinon les séries, et le dimanche soir des fois on fait un repas avec les colocs, ça c'est bien. Et y a le festival Tarbes en Tango, j'étais bénévole l'an dernier. Ça m'a permis de rencontrer des gens, d'ailleurs.
CV| Est-ce que tu t'es déjà sentie écoutée par les institutions : la fac, la ville, la Région ?
P| Non. Je crois pas. Enfin, par la psy, oui. [rires] Mais les institutions... On remplit des questionnaires de satisfaction en fin de semestre, mais on voit jamais ce qui change. Et la Région, honnêtement, je sais pas ce qu'elle fait pour moi. Le train ? C'est elle ?
CV| Oui, en partie. Les trains liO, c'est la Région.
P| Ah ben voilà. Ça je savais pas. Faudrait le dire. [rires]
CV| Si tu avais une baguette magique ?
P| Un logement pas cher et sans garant pour tous les étudiants. Des psys, des vrais rendez-vous en moins d'une semaine. Et que la bourse tombe à l'heure. Ça fait trois trucs, pardon. [rires]
CV| C'est très bien. Merci Inès.
P| Merci à vous, ça fait du bien de parler.
"""

# --- 04 : Camille, 23 ans, en recherche d'emploi, Chanac / Mende (Lozère) — UTF-8, LF,
#     « Q : » / « R : » ; dicte un numéro de téléphone et un e-mail
HEADER_04 = """entretien_04 — Camille — Mende (Lozère) — 18/03/2025
Lieu : Mission locale de Mende, salle de réunion. Mené par Julien Garnier, prise de notes Claire Vidal. Camille, 23 ans, en recherche d'emploi, suivie par la Mission locale depuis 2023. Q = enquêteur, R = Camille."""

SCRIPT_04 = """
Q| Bon, on commence. Merci Camille d'être venue. Tu peux te présenter ?
R| Oui. Camille, vingt-trois ans, j'habite à Chanac, c'est à vingt minutes de Mende en voiture. Enfin, en voiture... [rires] J'ai un bac pro commerce, j'ai fait des saisons, l'hiver au Mont Lozère et l'été au camping de La Canourgue, et là je cherche un travail à l'année.
Q| Depuis combien de temps tu cherches ?
R| Depuis septembre, vraiment. Avant je faisais les saisons, et entre les deux je touchais un peu le chômage. Là j'ai envie d'un truc stable. Je suis inscrite à la Mission locale depuis deux ans, et à France Travail.
Q| Comment ça se passe, avec la Mission locale ?
R| Bien. Ma conseillère c'est Mme Garcia, elle est top. Elle m'a aidée pour mon CV, elle m'a trouvé un stage, elle me rappelle quand j'oublie un rendez-vous. [rires] Franchement, sans elle j'aurais lâché. Elle a genre soixante jeunes à suivre, et elle se souvient de tout.
Q| Tu parles d'un stage ?
R| Oui, une PMSMP, je sais plus ce que ça veut dire, une immersion en entreprise de deux semaines, dans une pharmacie à Mende, à l'accueil et en réserve. Ça s'est bien passé, la pharmacienne m'aurait bien gardée, mais elle avait pas le budget pour un contrat. Elle m'a dit de repasser en septembre.
Q| Et pour aller à Mende pendant le stage, tu faisais comment ?
R| Alors c'est là le vrai problème. Le transport. Moi j'ai pas le permis, donc... Chanac-Mende, y a un car liO qui passe le matin à 7h10 et qui revient le soir à 18h15. Sauf que la pharmacie elle ouvrait à 8h30 et fermait à 19h, donc le soir je pouvais pas rester jusqu'à la fermeture, je partais à 18h. Ma tutrice a été sympa, elle a adapté. Mais si c'était un vrai contrat, ça passerait pas. Le transport à la demande, j'ai essayé : il faut réserver la veille avant 17h, par téléphone, et ils font que des créneaux en journée, genre 9h-16h. Et le mercredi y en a pas. Une fois j'avais réservé, il est pas venu, personne m'a prévenue, j'ai attendu quarante minutes au bord de la route, en janvier. J'ai appelé, on m'a dit « ah oui, y a eu un souci ». Voilà. Le permis, je l'ai commencé, j'ai le code depuis 2022, mais les heures... La Mission locale m'a fait une aide, j'ai eu vingt heures payées, mais il m'en fallait plus, j'ai raté le premier examen, et après il faut attendre trois mois pour une nouvelle date, parce qu'en Lozère y a pas assez d'inspecteurs. Et chaque heure en plus c'est 55 euros. Donc je suis bloquée. Sans permis pas de travail, sans travail pas de permis. Tout le monde connaît la phrase, mais quand tu la vis c'est autre chose. Y a des offres, hein, en Lozère y a du travail : aide à domicile, EHPAD, ménage, restauration. Mais l'aide à domicile, c'est avec ta voiture, tu fais trente kilomètres entre deux personnes âgées. Le restaurant, tu finis à 23h, y a plus rien pour rentrer. Moi je veux bien travailler, je suis pas fainéante, je veux juste pouvoir y aller. Mme Garcia m'a proposé un scooter de la Mission locale, en prêt, mais y a trois mois d'attente, et pour le scooter il faut le permis AM, que j'ai pas non plus, parce qu'à quatorze ans mes parents avaient pas les sous. Le covoiturage, j'ai essayé l'appli, mais à Chanac y a personne qui va à Mende à 8h, ou alors c'est des gens qui partent à 6h30 pour l'hôpital. Mon voisin m'a emmenée deux fois, c'est gentil, mais tu peux pas demander tous les jours. Et ma mère elle travaille à Marvejols, dans l'autre sens. Des fois je me dis que si j'étais née à Montpellier, j'aurais déjà un CDI, juste parce qu'il y a le tram.
Q| D'accord.
R| Pardon, je parle beaucoup. [rires]
Q| Non, non, c'est exactement ce qu'on cherche. Et le réseau, les contacts, ça a joué pour toi ?
R| Oui et non. Les saisons, c'était par une copine. La pharmacie, c'était Mme Garcia. Ici tout le monde se connaît, donc si ta famille est connue, ça aide. Nous on est arrivés de Montpellier quand j'avais douze ans, donc on n'a pas trop de réseau.
Q| Et les candidatures, les CV en ligne ?
R| J'en envoie, sur Indeed, sur France Travail. Mais c'est souvent des offres à Montpellier, à Clermont. Ou alors on te demande cinq ans d'expérience pour un poste de vendeuse. [rires] Et les réponses c'est des mails automatiques. Ou rien.
Q| Tu fais tes démarches en ligne toute seule ?
R| Sur mon téléphone, oui. J'ai plus d'ordinateur, il a grillé l'an dernier. Donc le CV je le fais avec Mme Garcia, à la Mission locale, sur leur ordi. Et l'espace France Travail sur téléphone c'est pas pratique, les documents s'ouvrent mal. Et chez moi à Chanac la 4G passe mal, faut que j'aille au fond du jardin. [rires] Sans rire.
Q| Tu as été en CEJ, le contrat d'engagement jeune ?
R| Oui, l'année dernière, pendant un an. Ça m'a permis d'avoir un peu d'argent, 500 euros par mois à peu près, et de faire des ateliers. C'était bien, mais c'est fini, et maintenant j'ai plus rien. Pas de RSA, j'ai pas vingt-cinq ans. Donc rien. Je vis chez ma mère.
Q| Comment tu vis cette période ?
R| Ça dépend des jours. Y a des jours où ça va, je vois des copines, je fais des candidatures. Et y a des jours où je reste au lit jusqu'à midi parce que je vois pas pourquoi me lever. Je vais pas vous mentir. J'ai une copine qui est partie à Montpellier et qui me dit « viens, y a du boulot, y a des bus partout ». Mais là-bas le loyer c'est 600 euros. Et j'aime la Lozère, moi. C'est chez moi.
Q| Tu as déjà vu quelqu'un, un psy, pour en parler ?
R| Non. Y a des psys à Mende, je crois, mais c'est pas remboursé, enfin je sais pas. Mme Garcia m'a parlé d'un point écoute jeunes, mais c'est à Mende le mardi, et le mardi... ben c'est le car. [rires] Tout revient au car, vous voyez.
Q| Et pour les loisirs, qu'est-ce que tu fais ?
R| Randonnée, j'adore. Et le foot, je joue à Marvejols, en féminines, c'est une copine qui m'emmène. L'été on se retrouve au bord du Lot avec les copains, le week-end. L'hiver y a rien. Une fois par mois y a un concert au café associatif de Chanac, c'est bien, c'est le seul truc.
Q| Tu connais des dispositifs de la Région ?
R| La Carte Jeune ? Mais j'ai plus l'âge, je crois, c'est pour les lycéens. Et... je sais pas. Les cars liO, c'est la Région ? Ah. Mme Garcia m'a parlé d'une aide régionale pour la formation, mais c'est pour certaines formations seulement, aide-soignante, des trucs comme ça.
Q| Est-ce que tu aurais envie de participer à des décisions, sur ces sujets ?
R| Si c'est pas pour rien, oui. Si on vient, qu'on parle, et que derrière y a rien, non. J'ai déjà rempli un questionnaire de France Travail sur l'accompagnement, j'ai jamais eu de retour. Mais si c'est un truc concret, genre « on choisit les horaires du car », là je viens direct.
Q| On aimerait te recontacter pour te présenter ce qu'on fera de tout ça. Tu veux bien me laisser un numéro ou un mail ?
R| Oui, bien sûr. Alors mon numéro c'est le 06 39 98 41 27. Je répète : zéro six, trente-neuf, quatre-vingt-dix-huit, quarante et un, vingt-sept. Et mon mail, c'est camille.roux48@example.org, Roux comme la couleur, R-O-U-X, et 48 comme la Lozère. [rires]
Q| Parfait, c'est noté. Merci Camille.
R| Merci à vous. Et dites-leur, pour le car, hein.
"""

# --- 05 : Romain, 34 ans, animateur et informateur jeunesse, PIJ de Foix (Ariège) —
#     UTF-8, LF, « [hh:mm:ss] Nom : », deux enquêteur·rices ; « Claire Vidal » au début,
#     puis « Claire » (la transcriptrice a abrégé), et « Julien »
HEADER_05 = """Entretien n°5 — 25/03/2025 — Foix (Ariège) — professionnel jeunesse
Entretien à deux voix côté Lab' (Claire Vidal et Julien Garnier) avec Romain Delmas, 34 ans, animateur et informateur jeunesse au Point Information Jeunesse de Foix. Horodatage repris de l'enregistreur."""

SCRIPT_05 = """
CV| Bon, on est partis. Merci Romain de nous accueillir au PIJ. Est-ce que tu peux nous dire en deux mots ce que tu fais ?
P| Oui. Alors moi je suis animateur, et informateur jeunesse, ici au PIJ de Foix, depuis six ans. Avant j'étais animateur en centre de loisirs à Pamiers. On accueille les 13-30 ans, en gros, pour tout ce qui est info : logement, job, orientation, santé, mobilité internationale, BAFA... Et on a aussi l'espace jeunes à côté, avec le baby-foot, la console, et un animateur le mercredi et le samedi.
CV| Qui sont les jeunes qui viennent ?
P| Alors, ça dépend des moments. Le mercredi et le samedi, c'est plutôt des collégiens, des lycéens, des 13-16 ans, qui viennent pour l'espace jeunes, pour être ensemble, au chaud, sans consommer. Ça c'est hyper important, j'insiste : à Foix, quand t'as quinze ans, t'as pas d'endroit où être sans payer un coca. Le reste de la semaine, c'est plutôt des 18-25 qui viennent pour un truc précis : un CV, une lettre de motivation, une question sur le logement, Parcoursup en janvier-février, les jobs d'été en mars-avril. Et de plus en plus, des démarches administratives. Des jeunes qui arrivent avec leur téléphone en disant « j'arrive pas à faire ma demande CAF », ou l'ANTS pour le permis, ou l'inscription à France Travail. On est devenus un guichet numérique, sans l'avoir décidé. Et beaucoup viennent des villages autour, de la vallée, Tarascon, Lavelanet, Varilhes, et là c'est toujours la même question : comment ils viennent. Ceux qui sont là le samedi, souvent, c'est parce qu'un parent fait ses courses à Foix. Le jour où le parent fait pas ses courses, ils viennent pas. On a des jeunes qu'on voit trois fois et puis plus jamais, on sait pas pourquoi, et quand on finit par les recroiser, c'est « j'avais pas de moyen de venir ». Ça, c'est le quotidien.
C| Mmh. Tu parles du numérique : les jeunes sont pourtant très à l'aise avec leur téléphone, non ?
P| Avec Snap, TikTok, oui. Avec un formulaire administratif, non. C'est pas la même compétence. Trouver le bon site, pas se faire avoir par un faux site qui fait payer, scanner un document, comprendre ce que veut dire « justificatif de domicile de moins de trois mois » quand tu vis chez tes parents... C'est là qu'ils bloquent. Et l'idée qu'ils sont « natifs du numérique », ça a fait beaucoup de dégâts, parce que du coup personne les accompagne.
C| Et vous, comment vous faites passer l'info ?
P| On a un compte Insta, qui marche bien, et un TikTok que mon collègue a lancé, qui marche... moins bien. [rires] Et surtout le bouche-à-oreille : un jeune qui a été aidé, il ramène ses potes. L'affichage au lycée, ça marche pas. Les sites institutionnels, ils y vont pas. Quand je leur montre le site de la Région, leur tête... [rires] C'est pas méchant, mais c'est pas écrit pour eux.
CV| D'accord.
J| Est-ce qu'il y a des sujets qui reviennent plus que d'autres ?
P| La mobilité, avant tout. Le permis surtout : combien ça coûte, comment on peut être aidé. On a un partenariat avec une auto-école sociale, mais y a une liste d'attente. Ensuite le logement pour les 18-25, les apprentis en particulier, qui ont un CFA à Toulouse et un patron ici. Et de plus en plus la santé mentale.
J| Tu peux développer, sur la santé mentale ?
P| Depuis le Covid, clairement, ça a changé. On voit arriver des jeunes qui vont pas bien, qui le disent pas tout de suite. Ils viennent pour un CV, et au bout de vingt minutes ça sort. Anxiété, phobie scolaire, idées noires parfois. Nous on n'est pas psys, hein, on est animateurs. Mais on est souvent le premier adulte à qui ils parlent, parce qu'ici c'est pas l'école, c'est pas la famille. Et quand on veut les orienter, c'est là que ça coince. Le CMP pour les ados, c'est six à huit mois d'attente. La Maison des ados vient à Foix une fois par semaine, ils font ce qu'ils peuvent, mais ils sont débordés. Les psys libéraux, y en a peu en Ariège, ils sont pleins, et le dispositif remboursé, beaucoup le font pas parce que c'est mal payé. Alors je me retrouve à appeler moi-même, à supplier pour un créneau. J'ai un jeune, je vais l'appeler Dylan, dix-sept ans, décrocheur, qui venait tous les jours à l'espace jeunes, et un jour il m'a dit qu'il pensait à en finir. On a appelé le 3114 ensemble, depuis mon bureau. Ça s'est bien terminé, il est suivi maintenant. Mais il a fallu trois semaines pour un premier rendez-vous, et pendant ces trois semaines, c'est moi et ma collègue Sophie qui avons tenu. On n'est pas formés pour ça. On a fait la formation premiers secours en santé mentale, deux jours, c'est bien, mais c'est pas un métier. Et le plus dur, c'est ceux qu'on voit pas. Ceux qui viennent plus. Les réseaux sociaux, aussi, ça joue : le harcèlement continue le soir, le week-end, dans la chambre. Avant, quand tu sortais du collège, t'avais la paix. Maintenant non. Et les parents sont souvent perdus, ils nous appellent nous, parce qu'ils savent pas à qui s'adresser. On fait le lien comme on peut, avec le médecin, l'infirmière scolaire, la Maison des ados.
C| C'est lourd à porter.
P| Oui. [silence] Oui. On en parle entre nous, dans l'équipe. Mais on n'a pas de supervision, pas d'analyse de pratique. Je crois que ça, ça devrait exister partout où on accueille des jeunes.
C| Et les lieux pour les jeunes, à Foix ?
P| Ben l'espace jeunes, qui est trop petit et ouvert trop peu. Le city stade, à côté du collège, qui est pris d'assaut, et qui est pas éclairé, donc l'hiver à 17h30 c'est fini. Le skatepark, qui a été refait, ça c'est bien. La médiathèque, certains y vont pour le wifi. Et sinon la rue, les bancs, le parking de l'Intermarché. L'été y a les festivals et les fêtes de village, c'est des moments importants, mais c'est l'été.
J| Et les plus âgés, les 20-25 ans ?
P| Eux, souvent, ils partent. À Toulouse. Ceux qui restent, c'est ceux qui ont un boulot ici, ou une famille, ou ceux qui ont pas les moyens de partir. Et ceux-là, le week-end, ils vont au bar, ou ils restent chez eux. Y a pas vraiment de salle de concert pour eux, et à la scène nationale ils se sentent pas à leur place.
J| Et après ?
P| Après... ben certains reviennent à trente ans, avec des enfants. [rires] Mais entre vingt et trente, on les perd.
C| Tu parlais de participation tout à l'heure. Est-ce qu'il y a un conseil des jeunes, ici ?
P| Y a un conseil municipal des jeunes, pour les 11-15 ans, que la mairie a relancé l'an dernier. C'est une bonne chose. Et y a eu le budget participatif de la Région : on a accompagné un groupe de lycéens qui voulaient un abri et des tables au city stade. Ils ont déposé le projet, ils ont fait campagne au lycée, sur Insta...
C| Et alors ?
P| Pas retenu. Pas assez de votes, face aux projets des grandes villes, Toulouse, Montpellier. Les gamins étaient dégoûtés. Moi je leur ai dit « vous avez appris plein de choses », ce qui est vrai. Mais bon. Ce qu'ils ont retenu, c'est que les petits perdent toujours.
J| Qu'est-ce qu'il faudrait changer, d'après toi ?
P| Une enveloppe par territoire, par exemple, que les projets ruraux soient pas en concurrence avec Toulouse. Et un retour, toujours. Même négatif. Les jeunes supportent très bien qu'on leur dise non, s'ils comprennent pourquoi. Ce qu'ils supportent pas, c'est le silence.
C| Sur l'emploi, les jobs, tu vois quoi ?
P| Les jobs d'été, ça marche bien, on fait un forum en mars, avec les campings, les bases de loisirs, les stations. Le BAFA aussi, c'est une super porte d'entrée, on a une aide de la CAF et de la commune. Mais pareil, il faut pouvoir aller sur le lieu de stage, et le stage il est souvent à Toulouse. Pour l'emploi à l'année, c'est la Mission locale, on travaille avec eux, avec Mme Garcia... Non, pardon, elle c'est à Mende, je confonds, on s'est rencontrés en formation. Ici c'est Karine Bonnet.
C| [rires] D'accord. Et l'argent, pour les jeunes que tu vois ?
P| C'est tendu. Beaucoup de petits boulots, de l'intérim, du travail non déclaré, les vendanges, le ski l'hiver à Ax. La Carte Jeune aide les lycéens, mais après le lycée y a un trou. Et les bourses, ceux qui y ont droit les demandent pas toujours, parce qu'ils savent pas, ou parce que le dossier leur fait peur.
J| Si tu avais un message pour la Région ?
P| Trois choses. Un : financer des lieux pour les jeunes, ouverts le soir et le week-end, avec des adultes formés dedans. Deux : la mobilité, un transport à la demande qui marche aussi pour les jeunes, pas que pour les courses du mardi. Et trois : arrêter les appels à projets d'un an. On monte un truc, ça marche, et l'année suivante on n'a plus le financement. Les jeunes, ils ont besoin de gens qui restent.
C| Merci Romain.
P| Merci à vous. Et revenez nous dire ce que ça a donné, hein. [rires]
C| Promis.
"""

# --- 06 : Océane, 26 ans, jeune active, Millau (Aveyron) — WebVTT exporté de Teams,
#     voix <v Nom>, identifiants de réplique
NOTE_06 = """Entretien n°6 — jeudi 27 mars 2025 — Millau (Aveyron) — visio Teams
Transcription exportée de Microsoft Teams, relue. Enquêteur : Julien Garnier. Participante : Océane Marty, 26 ans, assistante de gestion dans une coopérative agricole."""

SCRIPT_06 = """
J| Bonjour Océane, vous m'entendez bien ? Enfin, on peut se tutoyer, si ça te va ?
P| Oui, je t'entends bien. Oui, tutoyons-nous, c'est plus simple. [rires]
J| Parfait. Je te rappelle que c'est enregistré et transcrit, et que tout sera anonymisé. Tu peux te présenter ?
P| Alors Océane, vingt-six ans, je travaille à Millau dans une coopérative agricole, je suis assistante de gestion, en CDI depuis un an. Avant j'étais à Montpellier pour mes études, un BTS puis une licence pro, et je suis revenue en 2022. Je suis née à Saint-Affrique, donc je suis une vraie Aveyronnaise. [rires]
J| Qu'est-ce qui t'a fait revenir ?
P| Le boulot, d'abord, et la qualité de vie. À Montpellier je payais 620 euros pour un T1, et j'étais en CDD. Ici j'ai trouvé un CDI assez vite, par une amie de ma mère qui travaille à la coop. Le réseau, encore une fois. Et puis j'avais envie de retrouver le Larzac, les gorges.
J| Et le logement, à Millau, ça s'est passé comment ?
P| Plus dur que ce que je pensais. On imagine que dans une petite ville c'est facile, mais non. Il y a peu de locations à l'année, parce que beaucoup de propriétaires préfèrent louer aux touristes, l'été, en meublé de tourisme, avec les gorges du Tarn à côté. Donc les annonces à l'année, il y en a peu, et elles partent vite. J'ai d'abord vécu quatre mois chez mes parents à Saint-Affrique, en faisant la route tous les jours, trente-cinq minutes, avec la voiture de ma mère. Puis j'ai trouvé un T2 à 520 euros, dans le centre, pas isolé du tout : l'hiver j'ai des factures d'électricité de 130 euros. Le propriétaire m'a demandé deux garants alors que j'étais en CDI. Ma mère et mon oncle se sont portés garants. Quand je pense aux jeunes qui n'ont pas de famille derrière... Et pour les saisonniers, c'est pire. L'été, les jeunes qui viennent bosser dans les campings ou les bases de canoë, ils dorment dans leur voiture ou sous la tente. Je connais des filles qui ont fait toute la saison en dormant dans un camion. Je ne sais pas si la Région peut faire quelque chose, mais il y a un vrai problème de logement des saisonniers, et des jeunes en général. Même les apprentis de la coop ont du mal. Et quand on trouve, c'est souvent des passoires thermiques, que les propriétaires ne veulent pas rénover.
J| Mmh. Et pour te déplacer ?
P| J'ai une voiture, une vieille Clio de 2009. J'ai passé le permis tard, à vingt-trois ans, quand je suis revenue, parce qu'à Montpellier j'en avais pas besoin, il y a le tram. Ça m'a coûté 2 300 euros, que j'ai payés en trois fois. Ici sans voiture tu ne fais rien. Le train à Millau, il y en a, mais très peu : deux ou trois par jour, et souvent des travaux, remplacés par des cars.
J| Tu prends le train, parfois ?
P| Pour aller voir mes amis à Montpellier, j'ai essayé. Il faut prendre le car liO, deux heures, c'est pas cher, mais il n'y en a pas le dimanche soir. Donc je prends la voiture. Le covoiturage aussi, ça marche bien sur Millau-Montpellier.
J| D'accord. Est-ce que tu participes à la vie locale ?
P| Un peu. Je suis bénévole pour les Natural Games, le festival de sports outdoor, en juin. C'est super, c'est là que j'ai retrouvé des gens de mon âge. Et je suis allée à une réunion de quartier une fois. Il y avait des retraités, et moi. [rires] On a parlé de stationnement pendant une heure et demie.
J| Et tu as été consultée, d'une manière ou d'une autre, par la Région ?
P| J'ai voté au budget participatif, il y a deux ans je crois. J'avais vu passer ça sur Facebook. Il y avait un projet de tiers-lieu à Millau, qui n'a pas été retenu. J'ai trouvé ça bien, le principe, mais on n'a jamais su pourquoi ce projet-là n'avait pas marché, combien de votes il avait eu. Et c'est resté une fois, je n'en ai plus entendu parler.
J| Qu'est-ce qui te donnerait envie de participer plus ?
P| Que ce soit concret et près de chez moi. Et à des horaires où je peux venir, pas 14h un mardi. [rires] En ligne aussi, ça m'arrange, mais pas un questionnaire de quarante questions. Et surtout un retour. Savoir ce qui a été fait.
J| Tu parlais de tes amis à Montpellier. Tu te sens isolée, ici ?
P| Parfois, oui. Les gens de mon âge sont partis, ou ils ont des enfants, donc ils sortent moins. Le vendredi soir, il n'y a pas grand-chose à Millau, un ou deux bars. J'ai une amie, Julie, qui a fait un burn-out l'an dernier, elle était seule ici, son copain était parti. Pour trouver un psy, elle a attendu des mois, elle a fini par faire des téléconsultations avec une psy de Lyon. C'est fou qu'il faille voir une psy de Lyon quand on habite dans l'Aveyron.
J| Et toi, de ton côté, ça va ?
P| Oui, ça va. Moi j'ai le sport, la rando, et le boulot me plaît. Mais je comprends ceux qui craquent.
J| Sur l'emploi des jeunes, qu'est-ce que tu observes, à la coop ?
P| On a du mal à recruter. On a pris deux alternants cette année. L'un d'eux, Yanis, il vient de Rodez, il a galéré pour se loger, il a fini dans un foyer de jeunes travailleurs. Sans ce foyer, il aurait refusé le poste. Et pour les stages, les étudiants ne viennent pas, parce qu'on est trop loin et qu'ils n'ont pas de voiture.
J| Est-ce que tu as profité d'aides, en tant que jeune ?
P| La Carte Jeune au lycée, pour les manuels. Et c'est tout, je crois. Pour le permis, je n'ai rien eu, je ne savais même pas qu'il y avait des aides. Et maintenant j'ai vingt-six ans, donc je pense que je suis trop vieille pour tout. [rires] On a l'impression que les aides s'arrêtent pile au moment où on en aurait besoin : le premier appartement, la première voiture.
J| Si tu avais une chose à demander ?
P| Des logements pour les jeunes et les saisonniers, vraiment. Et des trains qui marchent, le dimanche soir. Voilà.
J| Merci beaucoup Océane. Je coupe l'enregistrement.
P| Merci à toi, bonne journée !
"""

# --- 07 : Lucas, 20 ans, volontaire en service civique, Figeac (Lot) — WebVTT de Zoom :
#     cues numérotés, préfixe « nom d'écran: » ; l'enquêteur s'appelle
#     « julien (Lab Région) » à l'écran, le participant « iPhone de Lucas »
SCRIPT_07 = """
J| Voilà, l'enregistrement est lancé. Salut Lucas, tu m'entends ?
P| Ouais, je t'entends. Attends, je coupe la télé. Voilà.
J| Merci d'avoir accepté. Tu peux te présenter rapidement ?
P| Ouais, donc Lucas, j'ai vingt ans, j'habite à Figeac, dans le Lot. Là je suis en service civique à la médiathèque depuis novembre. Avant j'étais à la fac à Toulouse, en licence de droit, mais j'ai arrêté en cours d'année.
J| Qu'est-ce qui s'est passé, à la fac ?
P| Alors, en fait, le droit c'était pas mon premier choix. Sur Parcoursup j'avais demandé des BUT informatique, à Toulouse, à Rodez, à Blagnac, et j'ai été refusé partout, ou sur liste d'attente, genre 400e. Et le droit j'étais pris, donc j'ai accepté le droit, parce que c'était ça ou rien. Et je suis arrivé dans un amphi de six cents, personne te connaît, personne te parle, les profs ils lisent leurs diapos. J'avais une chambre au Crous à Rangueil, neuf mètres carrés, loin de la fac de droit, donc quarante minutes de métro et de bus. Au bout de deux mois j'allais plus en cours. Je restais dans ma chambre. Mes parents savaient pas, je leur disais que ça allait. En décembre j'ai pas passé les partiels, et en janvier je suis rentré à Figeac. Franchement, c'est l'orientation qui a foiré. Au lycée on m'a jamais vraiment aidé à savoir ce que je voulais. On a eu deux heures avec la psy-EN en terminale, elle avait trente élèves à voir, et elle m'a dit « toi avec ton dossier tu peux tout faire ». Bah non, justement. Tout faire, ça veut rien dire. Et Parcoursup c'est un site : tu mets des vœux, t'attends, et t'as aucun humain en face. Les résultats tombent un soir, sur ton téléphone, t'es tout seul dans ta chambre, et c'est refusé, refusé, liste d'attente. Et t'as trois jours pour répondre. Personne pour t'expliquer ce que ça veut dire.
J| Et le retour à Figeac, ça s'est passé comment ?
P| Au début c'était la honte. Tu reviens, tout le monde te demande « alors, la fac ? ». Et après ma mère m'a parlé du service civique, c'est une collègue à elle qui lui en avait parlé. Et là ça va mieux. Je fais des ateliers jeux vidéo à la médiathèque, avec des ados. Ça m'a permis de voir que j'aimais bien transmettre, expliquer.
J| Et maintenant, tu envisages quoi ?
P| Je refais Parcoursup cette année. [rires] J'ai remis des BUT informatique, et un BTS SIO à Cahors en alternance. Le problème de l'alternance c'est de trouver une entreprise. J'ai envoyé des CV, j'ai eu deux réponses, deux non.
J| Tu es accompagné pour ça ?
P| La tutrice de mon service civique m'aide. Et le Point Info Jeunesse de Figeac m'a relu mon CV. Sinon y a des tutos sur YouTube. Honnêtement, YouTube m'a plus appris sur l'orientation que le lycée.
J| Mmh. Et tu t'informes comment, en général ?
P| Discord, YouTube, Reddit un peu. Insta pour les potes. Pas Facebook, Facebook c'est pour ma mère. [rires] Les sites de la Région ou de l'État, j'y vais quand je suis obligé, et je comprends pas toujours. Le site du service civique, ça va. Mais le site de la Région, pour savoir si j'ai droit à un truc, t'as des pages et des pages.
J| Et pour tes déplacements ?
P| À Figeac je fais tout à pied ou en trottinette. J'ai le permis, je l'ai eu en terminale, mes grands-parents l'ont payé. Mais j'ai pas de voiture. Pour aller à Toulouse y a le train, Figeac-Toulouse, deux heures et demie, en liO. Quand ça marche. Y a souvent des retards, des annulations, des travaux avec des cars de remplacement. Et le dernier train pour revenir de Toulouse le dimanche, il part trop tôt.
J| Et l'argent, comment tu t'en sors ?
P| Le service civique c'est 620 euros par mois, un peu plus. Je vis chez mes parents, donc ça va, je mets de côté pour l'année prochaine. Mais à Toulouse, la chambre Crous c'était 250 après les APL, plus la bouffe, plus les transports. Sans la bourse j'aurais pas pu. Et la bourse elle est arrivée en novembre, pas en septembre.
J| D'accord.
P| Ah, et j'ai fait les vendanges l'an dernier, et des petits boulots au marché. Ça m'a permis de payer mon ordi, pour l'informatique.
J| Tu disais que tu restais dans ta chambre, à Toulouse. Tu as pu en parler à quelqu'un, à l'époque ?
P| Non. Personne. J'avais pas les mots, je crois. Je savais pas que c'était de la déprime, je pensais que j'étais juste nul. C'est après, en parlant avec ma tutrice ici, que j'ai compris. J'ai vu une psy à Figeac, trois fois, avec les séances remboursées. Ça m'a fait du bien. Mais y avait deux mois d'attente.
J| Qu'est-ce qui aurait pu t'aider, à Toulouse ?
P| Quelqu'un qui vient vers toi. Pas une affiche dans le hall avec un numéro. Un tuteur, un étudiant de troisième année, n'importe qui qui te demande « ça va ? » en vrai. Et des petits groupes au début, pour connaître des gens.
J| Et ici, à Figeac, pour les jeunes, qu'est-ce qui existe ?
P| La médiathèque [rires], je prêche pour ma paroisse. Le cinéma. Le skatepark. Le festival de théâtre l'été, mais c'est plutôt pour les vieux. Y a pas de bar pour les moins de dix-huit ans, forcément. Les ados que je vois à l'atelier, ils me disent tous qu'ils s'ennuient le week-end et qu'ils attendent de partir.
J| Est-ce que tu as déjà eu l'occasion de donner ton avis, sur la vie locale ?
P| Au lycée j'étais délégué de classe. C'est tout. Ah si, y a un conseil des jeunes à Figeac, mais je l'ai appris en arrivant à la médiathèque. Personne en parle. Faudrait le dire sur Insta, sur TikTok, là où on est.
J| Dernière question : si tu pouvais changer une chose ?
P| L'orientation. Qu'on ait des vrais humains pour t'aider, pas juste un site. Et qu'on ait le droit de se tromper sans que ce soit une catastrophe.
J| Merci Lucas, on s'arrête là.
P| Merci, salut !
"""

# --- 08 : Sandrine, conseillère en insertion, Mission locale d'Auch (Gers) — SubRip,
#     « Nom : » au premier sous-titre de chaque tour seulement, deux lignes par sous-titre
SCRIPT_08 = """
C| Merci Sandrine de me recevoir. Pour commencer, tu peux te présenter ?
P| Oui, alors Sandrine, je suis conseillère en insertion à la Mission locale d'Auch depuis douze ans. J'accompagne en ce moment à peu près quatre-vingts jeunes, entre seize et vingt-cinq ans, dont une trentaine en contrat d'engagement jeune.
C| Quatre-vingts, c'est beaucoup ?
P| C'est beaucoup. [rires] Pour bien faire, il en faudrait cinquante. Mais on fait avec.
C| Quels sont les freins que tu rencontres le plus souvent ?
P| La mobilité, en premier, et de très loin. Le Gers c'est un département rural, très étalé, avec très peu de transports en commun. Un jeune qui habite à Vic-Fezensac ou à Mirande et qui n'a pas le permis, il est coincé. Pour venir à la Mission locale, déjà, c'est compliqué. On fait des permanences dans les communes, à Condom, à Fleurance, mais une demi-journée par mois. Et ensuite, pour l'emploi, toutes les offres ou presque supposent une voiture : l'agroalimentaire avec des horaires en trois-huit, l'aide à domicile, les travaux agricoles. On a une plateforme mobilité, on prête des scooters et deux voitures, mais la liste d'attente c'est deux mois. On finance des heures de permis avec les aides de l'État et de la Région, mais le coût total c'est 1 800, 2 000 euros, et les délais pour passer l'examen sont longs. Il y a aussi le transport à la demande, qui existe dans certaines communautés de communes, mais avec des règles différentes partout. Ici il faut réserver 48 heures avant, là-bas la veille, ailleurs ça ne marche que le jour du marché. Moi-même je m'y perds. Alors un jeune de dix-huit ans... Et puis il y a un frein dont on parle moins, c'est la peur. Des jeunes qui n'ont jamais pris un train seuls, qui ne sont jamais allés à Toulouse, qui ne savent pas acheter un billet. Donc on fait aussi des sorties pour apprendre la mobilité : prendre le train ensemble jusqu'à Toulouse, aller voir le Capitole. Ça a l'air bête, mais ça débloque des choses. Je pense à une jeune fille, dix-neuf ans, qui avait trouvé un contrat dans une conserverie à Condom et qui l'a refusé au bout de trois jours. Pas parce que le travail ne lui plaisait pas. Parce qu'elle se levait à quatre heures pour faire vingt kilomètres en vélo sur une départementale sans éclairage, et que sa mère lui avait dit qu'elle ne dormait plus. On a cherché du covoiturage avec les collègues, il n'y avait personne sur son horaire. Le scooter, liste d'attente. Voilà. Un contrat perdu pour vingt kilomètres.
C| Mmh.
P| Et le permis, pour beaucoup, c'est le Graal. Quand ils l'ont, tout change. J'ai un jeune, je l'appelle Mehdi, qui a eu son permis en octobre. En décembre il avait un CDI.
C| Et le logement ?
P| Deuxième frein. À Auch il y a un foyer de jeunes travailleurs, qui est plein en permanence. Dans le privé, pour un jeune sans CDI et sans garant, c'est très difficile. On fait des dossiers Visale, des demandes d'aide pour la caution. Et on a des jeunes sans domicile, cachés, qui dorment chez un copain, puis chez un autre. Le canapé du copain, c'est le premier logement de beaucoup de jeunes.
C| Comment vous les repérez ?
P| Souvent on ne les repère pas. Ils ne le disent pas. On le découvre quand on demande un justificatif de domicile et qu'ils bafouillent. [silence] C'est dur.
C| Tu parles du justificatif. Et les démarches en ligne ?
P| Ah, la dématérialisation. Alors ça, c'est devenu une part énorme de mon travail. CAF, France Travail, l'ANTS pour le permis, la Sécu, le Crous. Tout est en ligne, tout demande un mail, un mot de passe, un téléphone qui reçoit les codes de confirmation. Les jeunes ont des téléphones, mais souvent avec un forfait coupé, un écran cassé, plus de mémoire. Ils oublient leurs mots de passe, ils ont cinq adresses mail différentes... On passe des rendez-vous entiers à récupérer des comptes. C'est pas de l'insertion, ça, c'est de la plomberie. [rires]
C| Qu'est-ce qui marche, dans ce que vous faites ?
P| Le lien. La relation. Un jeune qui sait qu'il peut m'envoyer un SMS à n'importe quelle heure, et que je réponds le lendemain. Et les actions collectives, les chantiers, où ils font quelque chose avec leurs mains, avec d'autres. Les immersions en entreprise aussi : deux semaines dans une entreprise, sans engagement, ça permet de se tester. Et souvent ça débouche sur un contrat, parce que l'employeur a vu le jeune en vrai, pas sur un CV.
C| Le réseau, en fait.
P| Oui, on leur fabrique un réseau. Ceux qui ont des parents bien insérés, ils en ont déjà un. Les autres non.
C| Tu m'as parlé de santé mentale, avant l'entretien.
P| Oui. C'est le sujet qui m'inquiète le plus. On voit beaucoup plus de jeunes en souffrance psychique qu'il y a dix ans : anxiété, dépression, addictions, parfois des troubles plus lourds. Au CMP d'Auch, pour un adulte, c'est quatre à six mois d'attente. On a un psychologue qui fait une permanence à la Mission locale un jour par mois, financé sur un appel à projets. Un jour par mois pour quatre cents jeunes suivis. Et l'appel à projets se termine en juin, on ne sait pas s'il sera renouvelé. Pour moi c'est la priorité : on ne peut pas parler d'emploi à un jeune qui ne dort pas, qui ne sort plus de chez lui.
C| Et l'argent, pour les jeunes que tu accompagnes ?
P| L'allocation du CEJ, c'est une bouffée d'air, mais c'est limité dans le temps. Après, les moins de vingt-cinq ans n'ont pas le RSA, donc ceux qui n'ont pas de famille pour les aider n'ont rien. On fait des aides d'urgence, des bons alimentaires. Et il y a les petits boulots, souvent non déclarés : les vendanges, la castration du maïs l'été. [rires] Ça, c'est le grand classique du Gers.
C| Est-ce que tu connais les aides de la Région pour les jeunes ?
P| Une partie. La Carte Jeune, les formations qualifiantes, l'aide au permis pour certains publics, les transports liO. Mais honnêtement c'est touffu, et ça change souvent. On reçoit des mails, des plaquettes, on n'a pas le temps de tout lire. Il nous faudrait une personne-ressource à la Région, un numéro, quelqu'un qu'on appelle quand un dossier coince.
C| Et du côté des jeunes, est-ce qu'ils se sentent écoutés ?
P| Non. Ils pensent que les décisions se prennent loin, à Toulouse ou à Paris, par des gens qui ne les connaissent pas. Et quand on les consulte, ils demandent « ça va servir à quoi ? ». C'est une vraie question. Si vous revenez leur dire ce que vous avez fait, ça changera beaucoup de choses.
C| On a bien l'intention de le faire. Tu voudrais ajouter quelque chose ?
P| Que les jeunes ruraux ne sont pas moins motivés que les autres. On entend souvent « ils veulent pas bosser ». C'est faux. Ils ne peuvent pas y aller, c'est différent.
C| Merci Sandrine.
P| Merci à vous, et bon courage pour la suite.
"""

# --- 09 : Sofiane, 18 ans, terminale bac pro, Montauban (Tarn-et-Garonne) — Markdown,
#     « **Julien :** » / « **Sofiane :** », titre, intro en italique, puces dans un tour
HEADER_09 = """# Entretien 9 — Sofiane, 18 ans — Montauban

*Entretien réalisé le jeudi 10 avril 2025 au foyer des élèves du lycée, par Julien Garnier. Sofiane est en terminale bac pro métiers du commerce et de la vente, et siège au Conseil régional des jeunes.*

---"""

SCRIPT_09 = """
J| C'est bon, ça enregistre. Merci Sofiane. Tu te présentes ?
P| Ouais. Sofiane, dix-huit ans, terminale bac pro métiers du commerce et de la vente, au lycée Olympe-de-Gouges, à Montauban. J'habite à Montauban, avec ma mère, mon grand frère Bilal et ma petite sœur.
J| Tu m'as dit que tu faisais partie d'un conseil de jeunes ?
P| Ouais, le Conseil régional des jeunes. J'ai été élu l'an dernier, enfin élu... j'ai été désigné par le lycée, on était deux candidats et l'autre il s'est désisté. [rires] Mais ouais. On se réunit à Toulouse, à l'hôtel de Région, quatre fois par an, et on a des commissions en visio.
J| Et alors, ça donne quoi ?
P| C'est mitigé, franchement. Y a des trucs bien.
*| - on rencontre des jeunes de partout, de Lozère, des Pyrénées, de Perpignan, ça ouvre l'esprit ;
*| - on a rencontré des élus, on a visité l'hémicycle, on a parlé au micro, c'est impressionnant ;
*| - on a bossé sur un projet, sur la santé mentale justement, une campagne d'affiches pour les lycées.
+| Mais y a des trucs moins bien. Les réunions c'est le mercredi, donc je rate des cours, et le lycée il aime pas trop ça. Le trajet Montauban-Toulouse, c'est le train, c'est remboursé, mais faut avancer l'argent et attendre trois mois. Et surtout, on a l'impression que tout est déjà décidé. On nous présente des trucs, on donne notre avis, et on sait pas ce que ça devient. Une fois j'ai demandé à un élu « qu'est-ce que vous allez faire de notre avis ? », il a dit « on va en tenir compte ». OK. Mais comment ? [rires] On n'a jamais eu la réponse.
J| Mmh. Et au lycée, comment ça se passe ?
P| Ça va. J'aime bien le commerce, surtout les stages. On a des PFMP, des périodes en entreprise, plusieurs semaines par an. Le problème c'est de trouver le stage. Faut le trouver tout seul.
J| Comment tu as trouvé les tiens ?
P| Le premier, en seconde, j'ai galéré. J'ai fait toutes les boutiques du centre-ville et du centre commercial, avec mon CV imprimé, trente CV au moins. Rien. On te dit « laisse ton CV, on te rappelle », et on te rappelle jamais. Mon pote Yanis, lui, il a trouvé en deux jours, parce que son oncle a un magasin de sport. Moi j'ai fini par trouver grâce à mon prof de vente, M. Castel, qui connaît le gérant d'un magasin de bricolage. Et ça s'est super bien passé, le gérant m'a repris en première, et il m'a fait une lettre de recommandation. Mais sans M. Castel, j'avais rien. Et je vais vous dire un truc, je sais pas si je peux le dire... Mon frère Bilal, il m'a dit de mettre mon deuxième prénom sur le CV. Mon deuxième prénom c'est Karim, donc ça change rien [rires], mais lui il dit qu'avec Sofiane Benhamou en haut de la feuille, t'as moins de réponses. Il a fait le test, lui, quand il cherchait : il a envoyé le même CV avec un autre nom, il a eu plus de réponses. J'ai pas voulu. C'est mon nom. Mais ça m'a fait réfléchir. Au lycée, on en parle entre nous, et tout le monde a une histoire comme ça. Les profs disent « faut pas se victimiser », et ils ont raison, mais faut pas faire comme si ça existait pas non plus. Et pour le stage de première, j'ai pas eu à chercher, heureusement, parce que le gérant m'a repris.
J| Tu penses que ton nom a joué ?
P| Je sais pas. Peut-être. On peut jamais savoir, c'est ça le problème. Mais quand t'envoies dix CV et que ton pote qui a les mêmes notes a trois réponses et toi zéro... tu te poses des questions.
J| Et l'année prochaine, tu envisages quoi ?
P| Un BTS NDRC en alternance, négociation et digitalisation de la relation client. J'ai mis les vœux sur Parcoursup. Mais pareil, l'alternance, faut trouver l'entreprise, et si t'as pas d'entreprise en septembre, t'as pas de place. Donc je cherche déjà. J'ai une touche dans une concession auto, à Montauban. On verra.
J| Et à côté des cours, tu travailles ?
P| Ouais, je fais de la livraison de repas, le vendredi soir et le samedi, à vélo. Au début c'était avec le compte de mon frère, parce qu'à dix-sept ans je pouvais pas... chut. [rires] Non, maintenant j'ai mon compte. Ça fait cent, cent cinquante euros par semaine quand ça marche. Ça me paie mon forfait, mes fringues, et je donne un peu à ma mère.
J| Ta mère travaille ?
P| Elle est agent d'entretien dans une clinique, à mi-temps. Elle se lève à quatre heures et demie. Donc ouais, on fait attention.
J| D'accord. Et le week-end, quand tu ne livres pas ?
P| Le foot au city stade, ou la salle : je suis inscrit dans une salle de muscu, vingt euros par mois. Le dimanche on se pose avec les potes. L'été y a les festivals, les fêtes, c'est cool. Mais le reste de l'année, à Montauban, pour les jeunes, c'est mort. Faut aller à Toulouse. Et le dernier train de Toulouse il est vers 22h30. Si tu le rates, tu dors à la gare. [rires]
J| Ça t'est arrivé ?
P| Une fois. Bon, pas à la gare, chez un pote de mon frère. Mais ouais.
J| Tu as la Carte Jeune ?
P| Ouais, je l'ai. Les manuels, et la tenue pro pour les stages, ça c'est bien, on a eu une aide pour le costume. Et... c'est tout. Y a des trucs pour le sport, la culture ? Je savais pas. Faut que quelqu'un vienne le dire dans les classes, parce que les mails de l'ENT, personne les lit.
J| Et tu t'informes comment ?
P| TikTok, Snap, Insta. Et mes potes. Au Conseil des jeunes, on a dit à la Région de faire des vidéos courtes, avec des vrais jeunes, pas des acteurs. Ils ont fait un compte TikTok... il a 800 abonnés. [rires] Faut mettre des influenceurs.
J| Tu penses que les jeunes de ton quartier se sentent concernés par ce que fait la Région ?
P| Non. Ils savent même pas ce que c'est. Pour eux y a la mairie, et y a l'État. La Région, c'est le lycée et les trains, et encore. Moi je le sais parce que je suis au Conseil, mais avant je savais pas non plus.
J| Qu'est-ce qu'il faudrait pour que ça change ?
P| Venir dans les quartiers. Pas faire venir les jeunes à Toulouse, à l'hôtel de Région, avec les costumes. Venir au city stade, au pied des immeubles, au lycée pro. Et donner de l'argent direct aux jeunes pour faire leurs projets, avec quelqu'un pour les aider. Un budget participatif, mais vraiment pour nous.
J| Et toi, tu vas continuer au Conseil ?
P| Je sais pas. Mon mandat finit cette année. Je crois que je vais laisser ma place, c'est beaucoup de temps, et avec le BTS... Je vais dire à ma petite sœur de se présenter, elle parle mieux que moi. [rires]
J| Tu te sens comment, en ce moment, avec le bac qui arrive ?
P| Stressé, un peu. Surtout pour l'alternance. Le bac ça va, je vais l'avoir. Mais si j'ai pas d'entreprise, je fais quoi ? Je livre à vélo toute ma vie ? Mon frère il est passé par là, il a fini en intérim dans un entrepôt à Montbartier. Il dit que c'est pas grave. Moi je veux pas ça.
J| Merci beaucoup Sofiane.
P| Merci à vous. Et dites-leur de venir au city stade, hein. [rires]
"""

# =========================================================================== jour 2 (added/)

# --- 10 : Manon, 24 ans, aide-soignante de nuit, Castres (Tarn) — UTF-8, LF,
#     « Claire : » / « Manon : » ; date dans le nom du fichier
HEADER_10 = """Entretien n°10 — mardi 6 mai 2025 — Castres (Tarn)
Entretien réalisé chez la participante, le matin, après sa nuit de travail. Enquêtrice : Claire Vidal. Participante : Manon, 24 ans, aide-soignante de nuit en EHPAD."""

SCRIPT_10 = """
C| C'est parti. Merci Manon de me recevoir, surtout après ta nuit. Tu peux te présenter ?
P| Oui, pas de souci, je dormirai après. [rires] Manon, vingt-quatre ans, je suis aide-soignante, je travaille de nuit dans un EHPAD à Castres depuis deux ans. Avant j'ai fait ma formation à Albi, à l'IFAS.
C| Comment tu as choisi ce métier ?
P| Un peu par hasard. J'ai raté ma première année de licence de bio, à Toulouse, et une copine m'a parlé de la formation d'aide-soignante, payée par la Région. Ça m'a permis de me former sans payer, et même d'être un peu rémunérée pendant la formation. Franchement, ça m'a sauvée.
C| Et aujourd'hui, ça se passe comment, le travail ?
P| J'aime mon métier, vraiment. Mais la nuit, on est deux aides-soignantes pour soixante-dix résidents. Deux. S'il y a une chute à trois heures du matin et qu'en même temps une dame sonne parce qu'elle a peur, tu choisis. Et tu rentres chez toi avec ça dans la tête. Ma cadre, Mme Durand, elle fait ce qu'elle peut, mais elle n'arrive pas à recruter, personne ne veut faire les nuits. Du coup on nous appelle sur nos repos, « tu pourrais pas venir ce soir ? », et tu dis oui parce que sinon ta collègue sera toute seule. L'an dernier j'ai fait trois week-ends de suite. Au bout d'un moment, le corps dit stop. J'ai eu une période, l'automne dernier, où je dormais plus du tout, même le jour. Je pleurais en voiture avant de prendre mon service. J'ai vu la médecine du travail, qui m'a dit d'aller voir un psy. Sauf qu'à Castres, les psys, c'est trois mois d'attente, et c'est pas remboursé, ou alors quelques séances. J'ai fini par en trouver une à Mazamet, qui prenait le samedi matin. Ça m'a aidée. Mais je connais trois collègues de mon âge qui ont arrêté le métier en deux ans. On nous a applaudies au Covid, et maintenant on est épuisées. [silence] Pardon, c'est pas le sujet.
C| Et le logement ?
P| Je loue un T2 dans le centre de Castres, 560 euros. C'est cher pour ce que c'est, c'est mal isolé. Pour l'avoir, il a fallu mon père en garant, et deux mois de caution. Avant j'étais en colocation avec une copine, mais avec mes horaires de nuit c'était pas vivable, je dormais quand elle vivait. [rires]
C| Tu te déplaces comment, pour aller travailler ?
P| En voiture. Il y a des bus à Castres, mais ils s'arrêtent le soir, et moi je commence à 21h et je finis à 7h. Donc sans voiture je pourrais pas faire ce métier. Le permis, je l'ai passé pendant ma formation, j'ai eu une aide de la Mission locale, mais ça m'a quand même coûté 1 500 euros de ma poche. Et la voiture, une Twingo d'occasion, elle m'a coûté l'équivalent de quatre mois de salaire en réparations. L'hiver, rentrer à 7h du matin sur la route de Mazamet avec le verglas, après dix heures de nuit... c'est pas rassurant.
C| Est-ce que tu as des moments pour toi ?
P| Peu. Je vis à l'envers. Mes copines sortent le vendredi soir, moi je travaille. Quand je suis de repos, je dors la moitié de la journée. J'essaie d'aller à la piscine, et l'été y a les festivals, les concerts en plein air à Castres, ça j'adore. Mais j'ai raté plein de trucs. Le mariage de ma meilleure amie, j'ai pu y aller que pour le vin d'honneur.
C| Et l'argent, tu t'en sors ?
P| Je touche 1 650 net avec les primes de nuit. Ça va, je suis pas à plaindre. Mais entre le loyer, la voiture, l'essence, il me reste pas grand-chose. Épargner, c'est pas possible. Et je voudrais reprendre une formation d'infirmière, mais trois ans sans salaire, je vois pas comment. J'ai vu qu'il y avait des aides de la Région pour les formations sanitaires, mais je sais pas si ça marche quand on est déjà en poste. Le site, j'ai essayé, j'ai pas trouvé.
C| Est-ce que tu as déjà été consultée, sur ton travail ou sur la vie ici ?
P| Jamais. Enfin, au travail on a des entretiens annuels. Mais sur la ville, la Région... jamais. Et avec mes horaires, les réunions publiques à 18h30, c'est impossible.
C| Si tu pouvais dire une chose aux élus ?
P| Pensez à ceux qui travaillent de nuit. Des bus qui roulent aussi pour nous, des crèches avec des horaires décalés pour les collègues qui ont des enfants, et des psys accessibles. Voilà.
C| Merci beaucoup Manon. Va dormir. [rires]
P| Oui, j'y vais. Merci à vous.
"""

# --- 11 : Enzo, 16 ans, lycéen, Aspet / Saint-Gaudens (Haute-Garonne) — WebVTT sans
#     identifiants, préfixe « Nom: » ; date dans le nom du fichier
SCRIPT_11 = """
J| Voilà, c'est parti. Salut Enzo, merci d'avoir accepté. Tu peux te présenter ?
P| Ouais. Enzo, j'ai seize ans, je suis en seconde générale au lycée à Saint-Gaudens, et j'habite à Aspet, c'est à une vingtaine de minutes, dans le Comminges.
J| Et tu viens au lycée comment ?
P| En car scolaire. Il passe à 7h05 devant la mairie. Le soir je rentre à 18h15. Le mercredi, on finit à midi, mais le car il part à 12h10, donc si le prof déborde, je cours. [rires]
J| Qu'est-ce que tu fais le mercredi après-midi et le week-end ?
P| Je joue au foot, au club d'Aspet. Et sinon on traîne au city stade, avec les potes du village. Y en a pas beaucoup, on est peut-être six ou sept de mon âge. Le samedi, si mes parents vont à Saint-Gaudens, je vais avec eux, et je rejoins des potes du lycée au skatepark. Mais faut rentrer quand ils rentrent. Le week-end y a pas de bus, enfin je crois pas. Y a un transport à la demande, ma grand-mère le prend pour aller chez le médecin. Mais pour nous, je sais même pas si on a le droit.
J| D'accord. Et tu fais partie d'un conseil de jeunes, c'est ça ?
P| Ouais, le conseil municipal des jeunes d'Aspet, depuis le collège. On est huit. On a fait refaire le filet du city stade, et on a organisé une fête de la musique l'an dernier, avec des groupes du coin. Ça c'était trop bien. Le maire il nous écoute, il vient à nos réunions. Mais on a demandé un local pour les jeunes, une salle à nous, et là ça fait deux ans qu'on attend. Ils disent qu'il y a pas d'argent, que la salle des fêtes est déjà prise. Moi je pense qu'ils ont peur qu'on fasse n'importe quoi.
J| Mmh. Et au lycée, l'orientation, tu y penses déjà ?
P| Ouais, là il faut choisir les spécialités pour la première. Moi j'hésite avec un bac pro, parce que j'aime bien la mécanique, les motos. Mais ma mère elle veut que je reste en général. Elle dit que le bac pro c'est pour ceux qui sont pas bons. C'est pas vrai, mais bon. Et le lycée pro le plus proche pour la mécanique moto, il est à Toulouse, donc faudrait être interne à seize ans.
J| Tu en as parlé à quelqu'un au lycée ?
P| À la prof principale. Elle m'a dit d'aller voir la psy-EN, mais y a un mois d'attente pour avoir un rendez-vous. Alors je regarde sur TikTok et YouTube, on trouve des vidéos, mais c'est le bazar, tout le monde dit un truc différent. Les sites officiels, jamais. Sauf Pronote. [rires]
J| Tu as la Carte Jeune Région ?
P| Ouais, pour les manuels et l'ordi. Et on m'a dit qu'on pouvait l'utiliser pour la licence de foot, mais le club il savait pas comment faire. Du coup ma mère a payé.
J| Tu as un peu d'argent à toi ?
P| L'été dernier j'ai fait les foins chez un voisin agriculteur, deux semaines. Ça m'a permis d'acheter une vieille mob, enfin elle marche pas encore, je la répare avec mon oncle. Quand elle marchera, je serai libre. [rires] Le permis, on verra plus tard, c'est trop cher.
J| Dernière question : si tu pouvais demander une chose à la Région ?
P| Un bus le samedi entre Aspet et Saint-Gaudens. Un endroit pour se retrouver quand il pleut. Et des lycées pro plus près. Sinon j'aime bien ici, hein, c'est calme, y a la montagne. Je veux pas forcément partir.
J| Merci Enzo, on s'arrête là.
P| Merci, au revoir !
"""

# =========================================================================== consultation

CSV_HEADER = ["Identifiant", "Date de dépôt", "Pseudo", "Profil", "Tranche d'âge",
              "Département", "Contribution"]

LY, ET, AP, JA, RE, PA, PRO = ("Lycéen·ne", "Étudiant·e", "Apprenti·e", "Jeune actif·ve",
                               "En recherche d'emploi", "Parent", "Professionnel·le jeunesse")

# (pseudo, profil, tranche d'âge, département, contribution) — "" = cellule vide
CONTRIBUTIONS = [
    ("lea_81", LY, "15-17", "Tarn",
     "Il faudrait des bus le soir et le week-end dans les villages. Chez moi le dernier car passe à 18h10 et le samedi il n'y a rien, donc sans les parents pas de sortie."),
    ("kikou12", LY, "15-17", "Aveyron",
     "jai pas de bus le we svp faites qqch"),
    ("mat.agri", AP, "18-24", "Gers",
     "Le permis coûte beaucoup trop cher : 2 000 € minimum avec les heures. Une aide de la Région sans avance de frais, ce serait vraiment un plus pour les jeunes ruraux."),
    ("Nina65", ET, "18-24", "Hautes-Pyrénées",
     "Trois idées :\n- des navettes vers les festivals l'été\n- le train gratuit pour les moins de 18 ans le week-end\n- des abris bus éclairés, parce que l'hiver on attend dans le noir"),
    ("jeanne_48", JA, "25-29", "Lozère",
     "Le \"transport à la demande\" c'est bien sur le papier ; mais il faut réserver la veille avant midi, par téléphone, et ça ne marche jamais le soir."),
    ("xX_ryan_Xx", LY, "15-17", "Tarn-et-Garonne",
     "pk ya rien pour nous a part le mcdo mdr"),
    ("lucie.l", JA, "18-24", "Lot",
     "Le service civique m'a permis de reprendre confiance après un décrochage à la fac. Il faudrait le faire connaître dans les lycées, personne ne m'en avait parlé."),
    ("apprenti34", AP, "18-24", "Hérault",
     "Logement : impossible de trouver une location à Montpellier sans garant. Visale est refusé par beaucoup d'agences. La Région pourrait se porter garante pour les apprentis ?"),
    ("emma_31", LY, "15-17", "Haute-Garonne",
     "Plus de psys dans les lycées !! L'infirmière est là 2 jours par semaine pour 1 200 élèves."),
    ("tom.tlse", ET, "18-24", "Haute-Garonne",
     "faut des psy gratuit et pas dans 3 mois stp"),
    ("maman09", PA, "30 et +", "Ariège",
     "Je suis maman de deux ados à Saint-Girons. Le car scolaire est correct, mais dès qu'ils veulent faire une activité le mercredi ou le week-end, c'est moi qui fais le taxi, et je travaille le samedi. Mon aîné a arrêté le handball pour ça. Peut-être qu'un transport à la demande pensé pour les jeunes, réservable par SMS la veille au soir, changerait les choses ? Aujourd'hui il faut appeler en semaine aux heures de bureau, ce qui est impossible pour un ado qui est en cours."),
    ("sam_11", ET, "18-24", "Aude",
     "Le train liO à petit prix pour les jeunes, c'est super, ça m'a permis de rentrer chez mes parents tous les week-ends pendant ma première année."),
    ("ines.g", LY, "15-17", "Gard",
     "cest trop dur de trouver un stage quand on connait personne"),
    ("clem_65", AP, "18-24", "Hautes-Pyrénées",
     "Apprentie avec un CFA à Toulouse et une entreprise à Tarbes : je paie deux loyers. L'aide au double logement existe mais je l'ai découverte en fin d'année, trop tard."),
    ("noah46", LY, "15-17", "Lot",
     "Des lieux ouverts le soir pour les jeunes, sans obligation de consommer, avec du wifi et des animateurs. Un local, une salle, n'importe quoi, mais un endroit à nous."),
    ("papa_aveyron", PA, "30 et +", "Aveyron",
     "Mon fils de 17 ans a fait une dépression l'an dernier. Six mois d'attente au CMP de Rodez. Six mois. Heureusement qu'on a pu payer une psychologue en libéral, mais tout le monde ne peut pas. Pendant ces six mois, c'est le lycée, l'infirmière et nous qui avons tenu comme on a pu, sans aucune formation. Il faut des psychologues dans les lycées, avec des rendez-vous dans la semaine, et une information claire pour les parents : on ne savait pas du tout à qui s'adresser."),
    ("", LY, "15-17", "Gers",
     "Le city stade de mon village est fermé depuis un an, personne ne sait pourquoi. On joue sur le parking."),
    ("manon.b", ET, "18-24", "Hérault",
     "Rendre la Carte Jeune valable jusqu'à 25 ans, pas seulement au lycée. C'est après le bac qu'on a le moins d'argent."),
    ("alex_66", JA, "18-24", "Pyrénées-Orientales",
     "Les sites de la Région sont illisibles sur téléphone. Il faudrait une appli simple avec toutes les aides selon son âge et sa situation."),
    ("chloe31", LY, "15-17", "Haute-Garonne",
     "Parcoursup = stress pendant 6 mois. Il faudrait de vrais conseillers d'orientation, pas juste une psy-EN pour trois lycées."),
    ("anim_lavelanet", PRO, "30 et +", "Ariège",
     "Je suis animateur jeunesse à Lavelanet. On a plein d'idées pour un lieu jeunes mais pas de financement. Contactez-moi si besoin : 06 39 98 52 10."),
    ("jade.albi", LY, "15-17", "Tarn",
     "svp un bus le samedi soir entre Albi et Carmaux, on peut pas rentrer des soirées sans voiture"),
    ("hugo_mtp", ET, "18-24", "Hérault",
     "Donner vraiment la parole aux jeunes : pas des consultations où on ne sait jamais ce que deviennent nos réponses. Un retour, même négatif, ça montre qu'on a été lus."),
    ("saisonniere34", JA, "18-24", "Hérault",
     "Les jobs d'été : une plateforme régionale avec les offres des campings, des bases de loisirs et des festivals. Et un logement pour les saisonniers, parce qu'on dort dans nos voitures."),
    ("yass11", LY, "15-17", "Aude",
     "jsp si ça sert a qqch mais les cars liO sont tjr en retard le matin et on se fait engueuler au lycée"),
    ("kev48", JA, "18-24", "Lozère",
     "J'ai eu mon permis grâce à l'aide de la Mission locale et de la Région. Ça m'a permis d'accepter un CDI à 25 km de chez moi. Il faut continuer !"),
    ("mjc_rouergue", PRO, "30 et +", "Aveyron",
     "Le budget participatif régional met en concurrence les petits villages et les grandes villes. Nos projets ruraux n'ont aucune chance face aux votes de Toulouse et de Montpellier. Nous avions accompagné un groupe de douze jeunes sur un projet d'abri et de jeux au city stade : six mois de travail, une campagne dans tout le canton, 214 votes, et rien. Il faudrait des enveloppes par territoire, ou un vote pondéré par la population, sinon ce dispositif décourage exactement les jeunes qu'il prétend mobiliser."),
    ("zoe_lozere", LY, "15-17", "Lozère",
     "Pas de réseau 4G chez moi, donc les démarches en ligne je les fais au lycée ou à la médiathèque. Il faut garder des guichets avec de vraies personnes."),
    ("theo_castres", ET, "18-24", "Tarn",
     "Des bourses pour le permis et pour le BAFA, calculées selon les revenus des parents."),
    ("chlo.b", AP, "18-24", "Gard",
     "Je m'appelle Chloé Bertrand, j'ai 22 ans et je suis en alternance à Nîmes. Mon employeur est à 40 min en voiture et je n'ai pas le permis : je dépends d'une collègue qui m'emmène. Si elle part, je perds mon contrat."),
    ("lina66", LY, "15-17", "Pyrénées-Orientales",
     "trop de stress avec les exams et parcoursup, personne nous écoute"),
    ("baptiste32", ET, "18-24", "Gers",
     "Les festivals sont inaccessibles sans voiture. Des navettes depuis les gares jusqu'aux sites, même payantes, ce serait top."),
    ("coloc_tlse", ET, "", "Haute-Garonne",
     "Il faut des logements étudiants à moins de 300 € à Toulouse. On vit à 4 dans un T3 et on paie 1 400 €."),
    ("interne12", ET, "18-24", "Aveyron",
     "Peut-être qu'on pourrait avoir des trains plus tard le dimanche soir pour les internes et les étudiants. Le dernier Rodez-Toulouse part trop tôt."),
    ("maelys34", LY, "15-17", "Hérault",
     "Le conseil municipal des jeunes de ma commune, c'était bien : on a été écoutés sur le skatepark et il a été construit. La preuve que ça peut marcher !"),
    ("cons_ml30", PRO, "30 et +", "Gard",
     "Je suis conseillère en Mission locale. Les jeunes que j'accompagne ne connaissent pas les aides régionales, et nous non plus, pas toutes. Il nous faudrait un interlocuteur direct à la Région quand un dossier bloque."),
    ("ryan82", LY, "15-17", "Tarn-et-Garonne",
     "mdr la région jsuis même pas au courant de ce quelle fait"),
    ("aya_mtp", ET, "18-24", "Hérault",
     "Un psy à la fac, pas une ligne téléphonique. On a besoin de voir quelqu'un en vrai, vite, sans payer."),
    ("sara.t", LY, "15-17", "Haute-Garonne",
     "Les démarches pour la bourse sont trop compliquées. Mes parents ne lisent pas bien le français et je dois tout remplir seule sur le site du Crous, à 17 ans."),
    ("", PA, "30 et +", "Tarn",
     "Il faut des stages de 3e et de seconde ouverts à tous, une bourse aux stages par département, parce que sans réseau on finit chez le boulanger du coin même si on veut faire autre chose."),
    ("louis32", LY, "15-17", "Gers",
     "Le week-end à la campagne c'est l'ennui total. Pas de bus, pas de salle, pas de cinéma. Résultat : écrans toute la journée."),
    ("anais_perpi", AP, "18-24", "Pyrénées-Orientales",
     "Je viens de Perpignan et j'ai fait mon alternance à Montpellier. Le train liO pas cher pour les jeunes le week-end, ça a changé ma vie. Franchement merci."),
    ("dylan48", RE, "18-24", "Lozère",
     "ya pas de taf ici sans le permis et le permis cest 2000 balles"),
    ("julie.o", "", "25-29", "Haute-Garonne",
     "Orientation : faire intervenir des jeunes pros dans les classes, des apprentis, des étudiants, qui racontent leur vrai quotidien. C'est plus parlant que les brochures."),
    ("kevin.mz", RE, "18-24", "Hérault",
     "Bonjour, je suis Kevin Martinez, 19 ans, à Béziers. Je cherche une alternance en mécanique depuis 6 mois. Si une entreprise lit ça : +33 6 39 98 73 04. Merci !!"),
    ("groupe_zinc", JA, "18-24", "Ariège",
     "Des salles de répétition gratuites pour les groupes de musique de jeunes, dans chaque bassin de vie. À Foix on répète dans un garage."),
    ("nour30", JA, "18-24", "Gard",
     "Les cautions pour les logements c'est l'enfer : 2 mois de loyer d'un coup, c'est impossible quand on commence à travailler."),
    ("tarbais65", LY, "15-17", "Hautes-Pyrénées",
     "jveux juste un bus qui passe après 19h cest pas compliqué"),
    ("educ_spe31", PRO, "30 et +", "Haute-Garonne",
     "La santé mentale des jeunes, c'est une urgence. Former les profs, les CPE, les animateurs à repérer les signes. Et des délais de moins d'un mois pour un premier rendez-vous."),
    ("etu_albi", ET, "18-24", "Tarn",
     "Le petit boulot du week-end me permet de payer mon loyer mais je rate des cours. Il faudrait augmenter les bourses plutôt que nous obliger à travailler."),
    ("camille11", LY, "15-17", "Aude",
     "Mettre les infos sur TikTok et Insta, avec des jeunes qui expliquent. Personne ne lit les PDF."),
    ("cherche_taf_mende", RE, "18-24", "Lozère",
     "Je suis en recherche d'emploi à Mende. La Mission locale m'aide beaucoup mais je ne peux pas aller aux entretiens d'embauche sans voiture. Le transport à la demande ne fonctionne pas tôt le matin."),
    ("elise30", ET, "18-24", "Gard",
     "Des conseils de jeunes avec un vrai budget et de vraies décisions, pas juste pour la photo."),
    ("cap_cuisine12", AP, "15-17", "Aveyron",
     "Un grand merci pour la Carte Jeune, ça m'a permis d'acheter tout mon matériel de cuisine pour le CAP. Mais pourquoi elle ne marche pas pour le permis ?"),
    ("lola.h", LY, "15-17", "",
     "Il faudrait un pass culture régional pour les concerts et les festivals, pas seulement pour les livres."),
    ("mael32", LY, "15-17", "Gers",
     "stp mettez des bus de nuit le samedi, trop d'accidents de jeunes sur nos routes"),
    ("maman_lot", PA, "30 et +", "Lot",
     "Plus d'internats et de foyers de jeunes travailleurs près des CFA. Mon fils apprenti dort dans sa voiture deux nuits par semaine."),
    ("enzo66", LY, "15-17", "Pyrénées-Orientales",
     "Je ne savais pas que la Région s'occupait des lycées et des trains. Il faudrait l'expliquer en classe, simplement."),
    ("paul_apprenti", AP, "18-24", "Haute-Garonne",
     "On m'a refusé une colocation parce que j'étais apprenti : le propriétaire voulait un étudiant avec des garants. Ça devrait être interdit."),
    ("rose.tlse", ET, "18-24", "Haute-Garonne",
     "Peut-être faire une journée par an où les jeunes viennent dans l'hémicycle et posent leurs questions directement aux élus, en direct sur les réseaux."),
]


def consultation_csv() -> bytes:
    rng = random.Random(2025)
    when = dt.datetime(2025, 3, 3, 8, 12)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADER)
    for n, (pseudo, profil, age, dept, text) in enumerate(CONTRIBUTIONS, start=1):
        writer.writerow([f"C-{n:03d}", when.strftime("%d/%m/%Y %H:%M"), pseudo, profil, age,
                         dept, text])
        when += dt.timedelta(minutes=rng.randint(40, 40 * 60))
    return buffer.getvalue().encode("cp1252")


# =========================================================================== note de terrain

NOTE = """# Note de terrain — Atelier « Bouger, se loger, se poser » — MJC de Millau

**Date :** mercredi 9 avril 2025, 14h–17h30 **Présents :** Claire Vidal, Julien Garnier, Mathilde Fabre (animatrice de la MJC), 14 jeunes de 15 à 24 ans (dont 5 lycéens du lycée agricole, 3 apprentis, 2 saisonnières)

## Contexte

Deuxième atelier de la série, après l'entretien en visio avec Océane (n°6), qui nous avait parlé du logement des saisonniers. Mathilde a mobilisé le groupe via le compte Insta de la MJC et le bouche-à-oreille ; deux jeunes sont venus parce qu'ils avaient vu l'affiche à la boulangerie. Déroulé : brise-glace « la carte de ma semaine » (chacun trace ses trajets sur une carte de l'Aveyron), trois tables tournantes (bouger / se loger / se poser), puis restitution et vote à gommettes.

Salle au premier étage, sans ascenseur : une jeune en béquilles a dû être aidée dans l'escalier. À signaler à la MJC pour les prochaines fois. Goûter apporté par la MJC, à rembourser (voir avec la compta).

## Ce qu'on a entendu

**Transports** — encore une fois le premier sujet, avant même qu'on le lance. Sur les 14, 9 dépendent d'un parent pour tout trajet hors car scolaire. Le permis revient comme un rite de passage hors de portée : « 1 900 balles et six mois d'attente pour l'examen ».

- « Le car liO, je l'aime bien, mais lui il m'aime pas : il passe quand je suis en cours. »
- Deux apprentis font Millau–Rodez chaque lundi à 5h40 avec un collègue, « sinon on perd le contrat ».
- Personne ne connaissait le transport à la demande de la communauté de communes. Une fois expliqué : « faut appeler ? genre appeler au téléphone ? »

**Logement** — les deux saisonnières ont raconté l'été dernier : l'une dans un van, l'autre au camping à 12 € la nuit, à ses frais. Les apprentis parlent du double loyer ; un seul connaissait l'aide.

- « Les proprios préfèrent louer aux touristes, c'est normal, ça rapporte plus. Mais nous on dort où ? »
- Idée spontanée : des chambres chez l'habitant, chez des personnes âgées, contre un coup de main.

**Se poser** — la MJC est le seul lieu cité, et elle est fermée le dimanche. Le city stade « c'est pour les petits », le bar « c'est pour les vieux ». Les 15-17 ans veulent « une salle à nous », qu'ils géreraient eux-mêmes.

- Les festivals (Natural Games, fêtes de village) sont LE moment de l'année, mais la plupart y vont « si quelqu'un conduit ».
- Une lycéenne : « le week-end je fais mes devoirs, je regarde des séries et j'attends lundi ».

**Vote à gommettes** (14 votants, 3 gommettes chacun)

1. Des cars le soir et le week-end — 13
2. Une salle pour les jeunes, ouverte le dimanche — 11
3. Une aide au permis sans avancer l'argent — 9
4. Des logements pour saisonniers et apprentis — 7
5. Quelqu'un à qui parler, sans rendez-vous — 2 (mais 4 post-its anonymes sur ce sujet dans l'urne)

## À creuser

- La santé mentale : deux gommettes en public, quatre post-its anonymes. Même décalage qu'au lycée d'Albi ? Relire l'entretien de Léa (n°1) et celui de Romain (n°5).
- Les saisonniers : ni jeunes « du coin » ni touristes, personne ne les compte. Demander à Océane si elle peut nous mettre en lien avec une base de canoë.
- Le vocabulaire : « mobilité » ne leur parle pas, « bouger » oui ; « logement » oui, « hébergement » non.
- Julien : vérifier la règle de réservation du transport à la demande ici (la veille ? 48 h avant ?). Mathilde pense que c'est la veille avant 17 h.

Les trois apprentis sont arrivés en retard, tous les trois en stop depuis la zone artisanale. On ne l'a pas relevé sur le moment ; il faudrait, c'est exactement notre sujet.

Ce qui nous frappe, en relisant : le groupe n'a jamais parlé de « la Région » spontanément. Ils parlent du car, du lycée, de la MJC, de « ceux qui décident ». Claire renvoie la restitution à Mathilde avant fin mai, avec les photos des post-its (floutées) et une page en langage simple pour les jeunes.
"""

# =========================================================================== project.yml

PROJECT_YML = """\
# Projet de test « la semaine d'une designer » (tout est fictif, écrit pour les tests).
# Le test lent de bout en bout copie ce dossier dans un répertoire temporaire et y rejoue
# une semaine de travail : nommer des thèmes, ajouter les entretiens de added/ (jour 2),
# essayer des réglages, relire le registre de pseudonymisation, fusionner des thèmes,
# ajouter un thème attendu.
# Volontairement, AUCUNE clé « interviewers » : labsynth doit reconnaître seul qui pose
# les questions (Claire, Claire Vidal, Julien, Julien Garnier, « julien (Lab Région) »).

title: "Grandir et rester en Occitanie"
description: >
  Projet fictif du Lab' : entretiens avec des jeunes de 15 à 29 ans et des professionnels
  de la jeunesse (transports, logement, emploi, santé mentale, lieux, information,
  orientation, participation, argent), consultation en ligne et note d'atelier.
  Printemps 2025.
language: fr

segmentation:
  max_chars: 1500
  min_chars: 200

sources:
  - files: "contributions/consultation.csv"
    kind: contribution
    text_column: "Contribution"
    id_column: "Identifiant"
    date_column: "Date de dépôt"
    metadata_columns: ["Profil", "Département", "Tranche d'âge"]

  - files: "entretiens/*"
    kind: interview

  - files: entretien_01_albi_lycee.txt
    date: 2025-03-04
    metadata: {Profil: "Lycéen·ne", Département: "Tarn"}
  - files: entretien_02_rodez_apprenti.txt
    date: 2025-03-11
    metadata: {Profil: "Apprenti·e", Département: "Aveyron"}
  - files: entretien_03_tarbes_etudiante.txt
    date: 2025-03-13
    metadata: {Profil: "Étudiant·e", Département: "Hautes-Pyrénées"}
  - files: entretien_04_camille_mende.txt
    date: 2025-03-18
    metadata: {Profil: "En recherche d'emploi", Département: "Lozère"}
  - files: entretien_05_foix_pij.txt
    date: 2025-03-25
    metadata: {Profil: "Professionnel·le jeunesse", Département: "Ariège"}
  - files: entretien_06_millau_teams.vtt
    date: 2025-03-27
    metadata: {Profil: "Jeune actif·ve", Département: "Aveyron"}
  - files: entretien_07_figeac_zoom.vtt
    date: 2025-04-01
    metadata: {Profil: "Jeune actif·ve", Département: "Lot"}
  - files: entretien_08_auch_mission_locale.srt
    date: 2025-04-08
    metadata: {Profil: "Professionnel·le jeunesse", Département: "Gers"}
  - files: entretien_09_montauban.md
    date: 2025-04-10
    metadata: {Profil: "Lycéen·ne", Département: "Tarn-et-Garonne"}

  - files: "notes/*.md"
    kind: note
"""


# =========================================================================== build

L01 = {"C": "Claire", "P": "Léa"}
L02 = {"J": "Julien Garnier", "P": "Mathis"}
L03 = {"CV": "Claire Vidal", "P": "INES"}
L04 = {"Q": "Q", "R": "R"}
L05 = {"CV": "Claire Vidal", "C": "Claire", "J": "Julien", "P": "Romain"}
L06 = {"J": "Julien Garnier", "P": "Océane Marty"}
L07 = {"J": "julien (Lab Région)", "P": "iPhone de Lucas"}
L08 = {"C": "Claire", "P": "Sandrine"}
L09 = {"J": "Julien", "P": "Sofiane"}
L10 = {"C": "Claire", "P": "Manon"}
L11 = {"J": "Julien Garnier", "P": "Enzo"}

E = "raw/entretiens/"


def files() -> dict[str, tuple[str, dict]]:
    """Relative path -> (text, write options)."""
    t05 = parse(SCRIPT_05)
    return {
        E + "entretien_01_albi_lycee.txt": (
            render_colon(HEADER_01, parse(SCRIPT_01), L01, blank_between=True), {}),
        E + "entretien_02_rodez_apprenti.txt": (
            word_style(render_colon(HEADER_02, parse(SCRIPT_02), L02, blank_between=True)),
            {"encoding": "cp1252", "crlf": True}),
        E + "entretien_03_tarbes_etudiante.txt": (
            render_colon(HEADER_03, parse(SCRIPT_03), L03, blank_between=False),
            {"bom": True}),
        E + "entretien_04_camille_mende.txt": (
            render_colon(HEADER_04, parse(SCRIPT_04), L04, blank_between=False), {}),
        E + "entretien_05_foix_pij.txt": (
            render_colon(HEADER_05, t05, L05, blank_between=False,
                         times=turn_times(t05, seed=5)), {}),
        E + "entretien_06_millau_teams.vtt": (
            render_vtt_teams(NOTE_06, parse(SCRIPT_06), L06, seed=6), {}),
        E + "entretien_07_figeac_zoom.vtt": (
            render_vtt_prefix(parse(SCRIPT_07), L07, seed=7, numbered=True), {}),
        E + "entretien_08_auch_mission_locale.srt": (
            render_srt(parse(SCRIPT_08), L08, seed=8), {}),
        E + "entretien_09_montauban.md": (
            render_colon(HEADER_09, parse(SCRIPT_09), L09, blank_between=True, bold=True), {}),
        "added/entretien_10_castres_2025-05-06.txt": (
            render_colon(HEADER_10, parse(SCRIPT_10), L10, blank_between=True), {}),
        "added/entretien_11_saint-gaudens_2025-05-13.vtt": (
            render_vtt_prefix(parse(SCRIPT_11), L11, seed=11, numbered=False), {}),
        "raw/notes/note_atelier_millau_2025-04-09.md": (NOTE, {}),
        "project.yml": (PROJECT_YML, {}),
    }


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def check(built: dict[str, bytes]) -> None:
    """Facts the README states (a failed assert means README.md must be updated)."""
    for name, script in [("01", SCRIPT_01), ("02", SCRIPT_02), ("03", SCRIPT_03),
                         ("04", SCRIPT_04), ("05", SCRIPT_05), ("06", SCRIPT_06),
                         ("07", SCRIPT_07), ("08", SCRIPT_08), ("09", SCRIPT_09)]:
        n = len(parse(script))
        assert 25 <= n <= 45, (name, n)
    cp = built[E + "entretien_02_rodez_apprenti.txt"]
    try:
        cp.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("02 must not be valid UTF-8")
    assert b"\r\n" in cp and b"\n" not in cp.replace(b"\r\n", b"")
    assert all(b in cp for b in (b"\x92", b"\x85", b"\xa0", b"\x9c", b"\xab", b"\xbb"))
    assert built[E + "entretien_03_tarbes_etudiante.txt"].startswith(b"\xef\xbb\xbf")
    table = built["raw/contributions/consultation.csv"]
    rows = list(csv.reader(io.StringIO(table.decode("cp1252"), newline=""), delimiter=";"))
    assert rows[0] == CSV_HEADER and len(rows) == 61
    assert all(len(r) == 7 and r[6].strip() for r in rows[1:])
    text = "\n".join(_decode(b) for b in built.values())
    for planted in ("06 39 98 41 27", "camille.roux48@example.org", "Mme Garcia",
                    "M. Lefèvre", "Yanis", "julien (Lab Région):"):
        assert planted in text, planted
    assert "interviewers" not in PROJECT_YML.split("title:")[1]


def main() -> None:
    for folder in (RAW, ADDED):
        if folder.exists():
            shutil.rmtree(folder)
    built: dict[str, bytes] = {}
    for rel, (text, options) in files().items():
        write(HERE / rel, text, **options)
        built[rel] = (HERE / rel).read_bytes()
    table = HERE / "raw/contributions/consultation.csv"
    table.parent.mkdir(parents=True, exist_ok=True)
    table.write_bytes(consultation_csv())
    built["raw/contributions/consultation.csv"] = table.read_bytes()
    check(built)
    for rel in sorted(built):
        print(f"{len(built[rel]):>7} octets  {rel}")


if __name__ == "__main__":
    main()
