"""Pseudonymisation: personal data out of everything that is shared.

:mod:`labsynth.anonymise.detect` finds person names, e-mails, phone numbers, postal
addresses, social security numbers (NIR), IBANs and dates of birth in each segment;
:mod:`labsynth.anonymise.pseudonyms` turns the detections of a whole project into
consistent pseudonyms (the same person is « Personne 3 » everywhere; speakers become
« Participant·e n » and « Enquêteur·rice n »); :mod:`labsynth.anonymise.ledger` writes the
register of every replacement, where the designer marks false positives and adds missed
names, and reads those decisions back on the next run.
"""

from labsynth.anonymise.pseudonyms import Pseudonymisation, Replacement, pseudonymise

__all__ = ["Pseudonymisation", "Replacement", "pseudonymise"]
