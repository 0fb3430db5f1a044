"""Elections, races and their ballot stages, candidacies, endorsements and results.

Durable things (divisions, offices, parties; people are `sources.Source`) are kept apart
from time-bound ones (elections, contests, candidacies, tallies). Editorial decisions
(display names, race calls) sit beside imported data and an import never overwrites them.
"""

from .candidates import Candidacy, Endorsement
from .places import OCD_ID_RE, Division, Election, KeyDate, Office, Party, validate_ocd_id
from .races import Contest, ContestTally, Race

__all__ = [
    "OCD_ID_RE",
    "Candidacy",
    "Contest",
    "ContestTally",
    "Division",
    "Election",
    "Endorsement",
    "KeyDate",
    "Office",
    "Party",
    "Race",
    "validate_ocd_id",
]
