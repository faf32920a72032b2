"""How a person's name is written, as regular-expression patterns shared by the persons'
tagger and the rosters' reader."""

# a name word, also with an inner capital ("AnneMarie", "McLean") or a hyphen ("Lars-Ivan")
WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüëèáíóúøæß]+(?:[A-ZÅÄÖÉ][a-zåäöéüëèáíóúøæß]+)?(?:-[A-ZÅÄÖÉ][a-zåäöéüëèáíóúøæß]+)?"
PARTICLE = r"(?:af|von|van|de|da|del|el|al|bin|ben)"
NAME = rf"{WORD}(?:[ ](?:{PARTICLE}[ ])?{WORD}){{1,3}}"
# in a table cell a name may wrap once: "Britt⏎Andersson Näsman (S)"
WRAPPED_NAME = rf"{WORD}(?:[ \n](?:{PARTICLE}[ ])?{WORD}){{1,3}}"
