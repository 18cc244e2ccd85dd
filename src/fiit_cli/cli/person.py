"""`fiit find` and `fiit brief`: answers about a person, across the countries or for one."""

from __future__ import annotations

from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_USAGE,
    CiteOption,
    FormatOption,
    IncludeConfidential,
    complete_country,
    country_index,
    fail,
    finish,
    load_profiles,
    profile_id,
    reporting,
    since_2013,
    withheld,
)

NEED_NAMES = ["shelter", "permit", "health", "legal", "language", "training", "work"]

Minor = Annotated[bool, typer.Option("--minor", help="The person is a minor.")]
Adult = Annotated[bool, typer.Option("--adult", help="The person is an adult.")]
Woman = Annotated[bool, typer.Option("--woman", help="The person is a woman.")]
Man = Annotated[bool, typer.Option("--man", help="The person is a man.")]
National = Annotated[bool, typer.Option("--national", help="A national of the country.")]
EuNational = Annotated[bool, typer.Option("--eu-national", help="An EU national.")]
ThirdCountry = Annotated[bool, typer.Option("--third-country",
                                            help="A third-country national (not EU).")]
Free = Annotated[bool, typer.Option("--free", help="Only services free of charge.")]
Regular = Annotated[bool, typer.Option(
    "--regular", help="Stays regularly (a permit, a visa, free movement).")]
Irregular = Annotated[bool, typer.Option("--irregular",
                                         help="Stays irregularly: no right to stay.")]
AsylumSeeker = Annotated[bool, typer.Option("--asylum-seeker",
                                            help="Has made an asylum claim.")]
Identified = Annotated[bool, typer.Option(
    "--identified", help="Formally identified as a victim of trafficking.")]
Presumed = Annotated[bool, typer.Option(
    "--presumed", help="A presumed (possible) victim, not formally identified.")]
Cooperating = Annotated[bool, typer.Option(
    "--cooperating", help="Cooperates with the police, investigation or courts.")]
NotCooperating = Annotated[bool, typer.Option(
    "--not-cooperating", help="Does not cooperate with the authorities.")]
WithPermit = Annotated[bool, typer.Option(
    "--with-permit", help="Holds a residence permit or status in the country.")]
WithoutPermit = Annotated[bool, typer.Option("--without-permit",
                                             help="Holds no residence permit.")]


def situation(minor: bool, adult: bool, woman: bool, man: bool, national: bool,
              eu_national: bool, third_country: bool, free: bool, regular: bool = False,
              irregular: bool = False, asylum_seeker: bool = False, identified: bool = False,
              presumed: bool = False, cooperating: bool = False,
              not_cooperating: bool = False, with_permit: bool = False,
              without_permit: bool = False):
    """The person as the flags describe them; two flags that contradict: a usage error."""
    from fiit_cli.person import Situation

    for group in ((("--minor", minor), ("--adult", adult)),
                  (("--woman", woman), ("--man", man)),
                  (("--national", national), ("--eu-national", eu_national),
                   ("--third-country", third_country)),
                  (("--regular", regular), ("--irregular", irregular),
                   ("--asylum-seeker", asylum_seeker)),
                  (("--identified", identified), ("--presumed", presumed)),
                  (("--cooperating", cooperating), ("--not-cooperating", not_cooperating)),
                  (("--with-permit", with_permit), ("--without-permit", without_permit)),
                  (("--irregular", irregular), ("--with-permit", with_permit))):
        given = [name for name, on in group if on]
        if len(given) > 1:
            fail(f"{' and '.join(given)} exclude each other: give one.", EXIT_USAGE)
    chosen = [g for g, on in (("minor", minor), ("adult", adult), ("woman", woman),
                              ("man", man), ("national", national),
                              ("eu-national", eu_national), ("third-country", third_country))
              if on]
    residence = next((r for r, on in (("regular", regular), ("irregular", irregular),
                                      ("asylum-seeker", asylum_seeker)) if on), None)
    ident = "identified" if identified else ("presumed" if presumed else None)
    coop = True if cooperating else (False if not_cooperating else None)
    permit = True if with_permit else (False if without_permit else None)
    return Situation(tuple(chosen), free, residence, ident, coop, permit)


def _complete_need(incomplete: str) -> list[str]:
    return [n for n in NEED_NAMES if n.startswith(incomplete.lower())]


@app.command(epilog="\b\nExamples:\n  fiit find shelter --minor --third-country\n"
             "  fiit find permit --country italy\n  fiit find legal --free -f json\n"
             "  fiit find language --free -c fr -c uk -f csv")
def find(
    ctx: typer.Context,
    need: Annotated[str, typer.Argument(
        help="What the person needs: shelter, permit, health, legal, language, training or "
             "work.", metavar="NEED", show_default=False, autocompletion=_complete_need)],
    country: Annotated[list[str] | None, typer.Option(
        "--country", "-c", help="Only these countries (repeatable; default all five).",
        show_default=False, metavar="COUNTRY", autocompletion=complete_country)] = None,
    minor: Minor = False, adult: Adult = False, woman: Woman = False, man: Man = False,
    national: National = False, eu_national: EuNational = False,
    third_country: ThirdCountry = False, free: Free = False,
    regular: Regular = False, irregular: Irregular = False,
    asylum_seeker: AsylumSeeker = False, identified: Identified = False,
    presumed: Presumed = False, cooperating: Cooperating = False,
    not_cooperating: NotCooperating = False, with_permit: WithPermit = False,
    without_permit: WithoutPermit = False,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """What fits a person's need, country by country.

    Matches first; then partly (with its note), what depends on the person's situation
    (yes, if …), unknown (not stated in the toolkit: never a match) and what does not
    match, each with the printed reason.
    """
    from fiit_cli.person import UnknownNeed, need_of
    from fiit_cli.views.find import document

    who = situation(minor, adult, woman, man, national, eu_national, third_country, free,
                    regular, irregular, asylum_seeker, identified, presumed, cooperating,
                    not_cooperating, with_permit, without_permit)
    try:
        wanted = need_of(need)
    except UnknownNeed as exc:
        fail(str(exc), EXIT_USAGE)
    with reporting():
        index = country_index(ctx)
        ids: list[str] = []
        for name in country or index.ids:
            cid = profile_id(name, index)
            if cid not in ids:
                ids.append(cid)
        profiles = load_profiles(index, ids)
        records, _ = since_2013(ctx, [*ids, "eu"])  # None with --as-printed
    finish(ctx, document(profiles, wanted, who, records), fmt, cite)


@app.command(epilog="\b\nExamples:\n  fiit brief italy --minor --woman --third-country\n"
             "  fiit brief italy --minor --woman --third-country -f html > brief.html\n"
             "  fiit brief uk --adult --man --eu-national -f markdown\n"
             "  fiit brief fr --as-printed")
def brief(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(
        help="Country: English or native name, or ISO code (be fr it hu gb uk).",
        metavar="COUNTRY", show_default=False, autocompletion=complete_country)],
    minor: Minor = False, adult: Adult = False, woman: Woman = False, man: Man = False,
    national: National = False, eu_national: EuNational = False,
    third_country: ThirdCountry = False, free: Free = False,
    regular: Regular = False, irregular: Irregular = False,
    asylum_seeker: AsylumSeeker = False, identified: Identified = False,
    presumed: Presumed = False, cooperating: Cooperating = False,
    not_cooperating: NotCooperating = False, with_permit: WithPermit = False,
    without_permit: WithoutPermit = False,
    fmt: FormatOption = None,
    cite: CiteOption = False,
    include_confidential: IncludeConfidential = False,
) -> None:
    """A referral brief: what one person can get in one country, to print and hand on.

    Whom to call first, the permit route, the shelters that accept the person, health care,
    legal aid, language courses and training, each with its toolkit page; since-2013 records
    by title and source (in full: fiit updates). -f html makes a document that prints on at
    most two A4 pages; it leaves out records marked confidential unless
    --include-confidential (the screen formats show them, marked).
    """
    from fiit_cli.loader import load_hotlines
    from fiit_cli.updates import for_country, publishable, today
    from fiit_cli.views.brief import document

    who = situation(minor, adult, woman, man, national, eu_national, third_country, free,
                    regular, irregular, asylum_seeker, identified, presumed, cooperating,
                    not_cooperating, with_permit, without_permit)
    with reporting():
        index = country_index(ctx)
        cid = profile_id(country, index)
        profile = load_profiles(index, [cid])[0]
        annex = load_hotlines(index.dir.parent)
        found, _ = since_2013(ctx, [cid])  # None with --as-printed
    records = for_country(found or [], cid)
    left_out = 0
    if fmt == "html":  # a page to print and hand on: published
        records, left_out = publishable(records, include_confidential)
    finish(ctx, document(profile, annex, who, records, today()), fmt, cite)
    withheld(left_out, "the brief")
