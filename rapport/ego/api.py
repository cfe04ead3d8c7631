"""The caller's insights over the API: the same report as the insights page.

There is one operation and it takes no member id: a member can only ever read
their own insights.
"""

from __future__ import annotations

from django.utils import timezone
from ninja import Router

from rapport.ego.report import MemberInsights, SuggestedPerson, member_insights
from rapport.ego.schemas import InsightsOut
from rapport.error_schemas import AUTHENTICATED, error_responses
from rapport.members.schemas import photo_addresses
from rapport.typed_requests import ApiRequest

router = Router(tags=["Insights"])


def _keeper_suggestion(item: SuggestedPerson) -> dict[str, object]:
    return {"person_id": item.person_id, "name": item.name, "reason": item.reason}


def insights_json(report: MemberInsights) -> dict[str, object]:
    structure = report.structure
    return {
        "circles": {
            "sentence": report.circles_found_sentence,
            "found": [
                {
                    "index": found.index,
                    "size": found.size,
                    "mean_frequency": found.mean_frequency,
                    "size_ratio": found.size_ratio,
                    "reads_as": found.reads_as,
                }
                for found in report.circles_found
            ],
            "chosen": [
                {
                    "circle": load.circle,
                    "circle_label": load.label,
                    "size": load.count,
                    "inclusive_size": load.inclusive_count,
                    "capacity": load.capacity,
                }
                for load in report.circles_chosen
            ],
        },
        "structure": {
            "sentence": report.structure_sentence,
            "constraint_sentence": report.constraint_sentence,
            "connections": report.connections,
            "effective_size": structure.effective_size,
            "efficiency": structure.efficiency,
            "constraint": structure.constraint,
            "redundancy": structure.redundancy,
            "clusters": [
                {"member_ids": [dot.member_id for dot in disc.dots]}
                for disc in report.picture.discs
                if not disc.loners
            ],
            "know_none_of_the_others": [
                dot.member_id for disc in report.picture.discs if disc.loners for dot in disc.dots
            ],
            "diversity": [
                {
                    "attribute": item.attribute,
                    "blau": item.blau,
                    "shannon": item.shannon,
                    "distinct": item.distinct,
                    "described": item.described,
                    "sentence": item.sentence,
                }
                for item in report.diversity
            ],
        },
        "suggestions": {
            "bridges": [
                {
                    "member_id": item.member_id,
                    "name": item.name,
                    "reason": item.reason,
                    **photo_addresses(item.member_id, item.photo_hash),
                }
                for item in report.bridges
            ],
            "dormant": [_keeper_suggestion(item) for item in report.dormant],
            "drifting": [_keeper_suggestion(item) for item in report.drifting],
        },
    }


@router.get(
    "/insights",
    summary="Get your insights",
    response={200: InsightsOut, **error_responses(*AUTHENTICATED)},
)
def insights(request: ApiRequest) -> dict[str, object]:
    """Your insights: the circles your contact history falls into beside the ones you
    chose, the shape of your network (Burt's effective size and constraint, clusters,
    diversity), and suggestions (bridges, dormant ties, drifting), each with its
    reason. Yours only: there is no way to ask for anyone else's."""
    return insights_json(member_insights(member=request.auth, now=timezone.now()))
