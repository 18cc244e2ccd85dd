"""Facts written from the toolkit text, asserted through `fiit show C S --format json`.

Each entry lists terms that must appear in the section's JSON record (normalised for case,
accents, dashes and spacing), and field values that must be exactly as stated. At least five
facts per section per country.
"""

import re
import unicodedata

import pytest

from tests.helpers import section_json, text_of


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("\u2019", "'").replace("\u00a0", " ")
    s = re.sub(r"[\u2010-\u2015\-_]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


TERMS: dict[tuple[str, str], list[str]] = {
    # ------------------------------------------------------------ Belgium
    ("belgium", "permits"): [
        "45 days non-renewable", "3 months renewable", "6 months renewable",
        "Statement has been provided to the police", "identified as a possible VoT",
        "broken off all contact with suspected offenders", "specialized centers",
        "The prosecutor considers him/her as a possible VoT", "no threat to public order",
        "Police protection", "Education, language courses", "5 years", "convicted",
    ],
    ("belgium", "accommodation"): [
        "Identification as a victim of trafficking", "Shelters and studios",
        "Only mixed accommodation is available", "3 months", "maturity",
        "specific shelters for youngsters", "not trained",
    ],
    ("belgium", "health"): [
        "accommodation centres", "RIZIV-INAMI", "long-term care", "medication", "emergency",
    ],
    ("belgium", "legal"): ["social workers", "lawyers", "residence permit", "sufficient resources",
                           "legal representation"],
    ("belgium", "language"): ["Flemish decree", "minimum income", "discount", "EU citizens",
                              "accommodation centres", "mainstream integration services"],
    ("belgium", "employment"): [
        "Flemish Service for Labour Mediation (VDAB)", "long-term", "short-term",
        "reduced fees", "labour market", "accommodation centre", "Wallonia", "Brussels",
    ],
    ("belgium", "challenges"): [
        "Nigeria", "Albania", "Bulgaria", "Romania", "Morocco", "economic exploitation",
        "free movement of persons", "police", "magistrates", "Wallonia",
    ],
    ("belgium", "contacts"): [
        "CENTER FOR EQUAL OPPORTUNITIES AND THE FIGHT AGAINST RACISM", "rue Royale, 138",
        "+32 (0) 22123000", "www.diversite.be", "Porte de Hal 5-8", "+32 (0) 25427423",
        "PAG-ASA", "Rue des Alexiens 16b, 1000 Bruxelles, Belgium", "+32 (0) 25115868",
        "info@pag-asa.be", "PAYOKE", "Leguit 4, 2000 Antwerpen, Belgium", "admin@payoke.be",
        "ASBL SÛRIYA", "Rue Rouveroy, 2, 4000 Liège, Belgium", "+32 (0) 42324030",
        "http://www.arca-asbl.org/membre/surya.html", "info@asblsurya.be",
        "Rue Montoyerstraat 40", "+32 (0) 22877000", "+32 (0) 22877005",
        "iombrussels@iom.int", "www.belgium.iom.int",
    ],
    ("belgium", "figures"): [
        "Nigeria", "Albania", "Bulgaria", "Romania", "Morocco", "TYPE OF EXPLOITATION (2012)",
        "permits delivered and renewed",
    ],
    # ------------------------------------------------------------ France
    ("france", "permits"): [
        "30 days non renewable", "6 months to 1 year renewable", "10 years renewable",
        "Removal orders cannot be enforced", "employment contract", "prefecture",
        "Conviction of the traffickers", "testify", "rarely",
    ],
    ("france", "accommodation"): [
        "66", "Ac.Sé", "hotel rooms", "emergency", "adults only", "1 year",
        "6 months, renewable", "specialized NGO, the police or social services",
    ],
    ("france", "health"): [
        "cultural mediators", "ethno-psychological", "regardless of their status",
        "NGO", "not trained", "health care providers", "consular services",
    ],
    ("france", "legal"): ["lawyer", "legal department", "residence permit",
                          "sufficient resources", "specialized accommodation structures"],
    ("france", "language"): [
        "Ac.Sé", "volunteers", "OFII", "integration contract", "French Office for Immigration and Integration",
        "mainstream integration services",
    ],
    ("france", "employment"): [
        "internships", "11 Euros a day", "ATA", "temporary waiting allowance", "job centre",
        "temporary resident permit",
    ],
    ("france", "challenges"): [
        "Eastern Europe", "West Africa", "Caribbean", "Brazil", "2001", "2008",
        "November 30th, 2012", "MIPROF", "April 2013", "minors", "waiting",
    ],
    ("france", "contacts"): [
        "10, Place des cinq martyrs du Lycée Buffon", "BP 1532 - 06009 Nice Cedex 1",
        "+33 (0) 4 92151051", "ac.se@association-alc.org", "COMITÉ CONTRE L'ESCLAVAGE MODERNE",
        "107 avenue Parmentier- 75011 Paris", "+33 (0) 1 44528890", "ESCLAVAGE TOLÉRANCE ZÉRO",
        "+ 33 (0) 4 91549068", "association@esclavage-stop.org", "+33 (0) 493371209",
        "bus-des-femmes@wanadoo.fr", "afj.servicesocial@gmail.com", "ippo@orange.fr",
        "36, rue Nicolas Chorier 38000 Grenoble", "+33 (0) 4 76431406", "9, Cité de Trévis",
        "+33 (0)1 40440691", "iomparis@iom.int",
    ],
    ("france", "figures"): [
        "Romania", "Bulgaria", "Nigeria", "China", "Cameroon", "GRETA report, 2012",
    ],
    # ------------------------------------------------------------ Italy
    ("italy", "permits"): [
        "3 months renewable", "6 months renewable", "1 year renewable", "Special Fund",
        "law 286/98", "228/2003", "2009", "Romania", "2 years", "Study purposes",
        "registered specialized NGO", "Cooperate with police or judicial authorities",
    ],
    ("italy", "accommodation"): [
        "6-12 months", "non-mixed", "protected shelter", "municipalities",
        "regular migrants", "emergency healthcare", "unaccompanied minors",
    ],
    ("italy", "health"): [
        "psychologist", "screening", "municipality", "victims of torture", "free of charge",
    ],
    ("italy", "legal"): ["social workers", "specialized lawyers", "free_of_charge: yes", "through_mainstream: no", "LEGAL ASSISTANCE"],
    ("italy", "language"): [
        "reflection period", "2-3 months", "Chinese", "art. 13", "art. 18", "municipalities",
    ],
    ("italy", "employment"): [
        "counseling", "social assistants", "vocational training", "on-the-job training",
        "skill assessment", "local enterprises",
    ],
    ("italy", "challenges"): [
        "4th August 2007", "article 18", "forced labour", "Department for Equal Opportunities",
        "DEO", "Interior", "Labour", "Justice", "transsexual", "sex",
    ],
    ("italy", "contacts"): [
        "Corrado De Rosa", "Largo Chigi 19 - Roma", "+39 0 667792451", "c.derosa@governo.it",
        "Giulia Falzoi", "Counter-trafficking focal point", "Via Nomentana 62 - 00161 Rome",
        "+39 0 644231428", "www.italy.iom.int", "iomrome@iom.int",
        "http://www.lavoro.gov.it/NRrdonlyres/40E5C6AF-3A4B-4C3F-9E5BC3C1B5118145/0SEZIONEPRIMAelencoaggiornatoal201212giugno.pdf",
    ],
    ("italy", "figures"): [
        "Nigeria", "Romania", "Morocco", "China", "Egypt", "Thailand",
    ],
    # ------------------------------------------------------------ Hungary
    ("hungary", "permits"): [
        "30 days renewable", "6 months renewable", "Cooperation with authorities",
        "Certificate of temporary residence", "Humanitarian Residence Permit", "legal instrument",
    ],
    ("hungary", "accommodation"): [
        "60 days", "additional 60 days", "never occurred", "Shelter",
        "do not accommodate victims of trafficking", "social reintegration",
    ],
    ("hungary", "health"): [
        "shelter", "social security", "trained", "free", "health care providers",
    ],
    ("hungary", "legal"): ["specialized accommodation structures", "not stated", "LEGAL ASSISTANCE",
                           "Made available", "45"],
    ("hungary", "language"): ["shelter", "Employment Service", "referred", "free",
                              "mainstream integration services"],
    ("hungary", "employment"): [
        "florist", "gardener", "Employment Service", "consultant", "labour market",
        "vocational training",
    ],
    ("hungary", "challenges"): [
        "Balaton", "Austrian border", "Netherlands", "Switzerland", "Canada",
        "agricultural", "construction", "2008-2012", "April 2008", "2013-2016",
        "Deputy State Secretary for EU and International Affairs", "revictimi",
    ],
    ("hungary", "contacts"): [
        "MINISTRY OF INTERIOR", "Eszter Gál", "National focal point at the MoI",
        "2-4 József Attila u., H-1051 Budapest, Hungary", "+36 (0) 14411469",
        "+36 (0) 14411957", "www.kormany.hu", "eszter.gal@bm.gov.hu", "HUNGARIAN BAPTIST AID",
        "Ágnes De Coll", "Baptista Szeretetszolgálat Alapítvány", "+36 (0) 14665978",
        "shelter and reintegration services", "Bálint Dóra", "3 Tüköry u., H-1054 Budapest, Hungary",
        "transnational referrals",
    ],
    ("hungary", "figures"): [
        "Hungarian nationals", "Western European", "TYPE OF EXPLOITATION (2011 - 2012)",
        "NUMBER OF PERSONS ASSISTED", "exploited",
    ],
    # ------------------------------------------------------------ United Kingdom
    ("united-kingdom", "permits"): [
        "45 days can be extended", "1 year renewable", "Reasonable grounds decision",
        "conclusive grounds decision", "Filing of an asylum claim",
        "Work (not if an asylum claim has been made)", "Police Protection",
    ],
    ("united-kingdom", "accommodation"): [
        "Referral to the NRM", "45 days (legal period)", "Children's Safeguarding Board",
        "Foster care", "social housing", "hotel room", "safe and secure", "No legal period",
    ],
    ("united-kingdom", "health"): [
        "National Health Service", "case by case", "Emergency medical assistance",
        "general practitioner services", "recently initiated",
    ],
    ("united-kingdom", "legal"): ["pro bono solicitors", "social workers", "local authority",
                                  "residence permit", "free"],
    ("united-kingdom", "language"): ["caseworker", "local authority", "specific programme",
                                     "mainstream integration services", "status"],
    ("united-kingdom", "employment"): [
        "indefinite leave to remain", "eligibility", "CV", "handful", "mainstream",
    ],
    ("united-kingdom", "challenges"): [
        "2008", "UK Human Trafficking Centre", "Salvation Army", "2 million pound",
        "Human Trafficking Strategy", "Assisted Voluntary Return", "asylum",
        "conclusive", "domestic servitude",
    ],
    ("united-kingdom", "contacts"): [
        "UK HUMAN TRAFFICKING CENTRE", "Spectrum House, Birmingham",
        "UKHTC@soca.x.gsi.gov.uk", "+44 (0) 8447782406", "2 Marsham St, London SW1P 4DF",
        "+44 (0) 2070354848", "http://www.salvationarmy.org.uk/info@salvationarmy.org.uk",
        "POPPY PROJECT", "+44 (0) 2077352062", "Charlton House, Dour Street, Dover Kent CT16 1AT",
        "+44 (0) 1304203977", "KALAYAAN", "13 Hippodrome Place", "+44 (0) 2072432942",
        "Thomas Clarkson House", "+44 (0) 2075018920", "info@antislavery.org",
        "11 Belgrave Road", "+44 (0) 2078116060", "iomuk@iom.int", "ctuk@iom.int",
        "http://www.iomuk.org/",
    ],
    ("united-kingdom", "figures"): [
        "Nigeria", "Vietnam", "Romania", "Albania", "Slovakia", "1,392",
        "EU directive 2004/81/EC", "162", "Specific Legislation for Refugee Status", "48",
    ],
}

VALUES: dict[tuple[str, str], dict[str, object]] = {
    ("belgium", "challenges"): {"national_action_plan": "yes",
                                "national_referral_mechanism": "no",
                                "national_rapporteur": "no"},
    ("france", "challenges"): {"national_action_plan": "no",
                               "national_referral_mechanism": "yes",
                               "national_rapporteur": "yes"},
    ("italy", "challenges"): {"national_action_plan": "no",
                              "national_referral_mechanism": "yes",
                              "national_rapporteur": "no"},
    ("hungary", "challenges"): {"national_action_plan": "yes",
                                "national_referral_mechanism": "yes",
                                "national_rapporteur": "yes"},
    ("united-kingdom", "challenges"): {"national_action_plan": "yes",
                                       "national_referral_mechanism": "yes",
                                       "national_rapporteur": "no"},
    ("belgium", "legal"): {"through_mainstream": "yes", "free_of_charge": "yes"},
    ("france", "legal"): {"through_mainstream": "yes", "free_of_charge": "yes"},
    ("italy", "legal"): {"through_mainstream": "no", "free_of_charge": "yes"},
    ("hungary", "legal"): {"through_mainstream": "not stated", "free_of_charge": "not stated"},
    ("united-kingdom", "legal"): {"through_mainstream": "yes", "free_of_charge": "yes"},
    ("belgium", "language"): {"free_of_charge": "no"},
    ("italy", "language"): {"free_of_charge": "yes"},
    ("hungary", "language"): {"free_of_charge": "yes"},
    ("united-kingdom", "language"): {"compulsory": "no"},
    ("hungary", "accommodation"): {"mainstream.available": "no",
                                   "specialised.period_of_stay": "60 days"},
    ("france", "accommodation"): {"specialised.accepted.minors": "no",
                                  "mainstream.accepted.minors": "yes"},
    ("united-kingdom", "accommodation"): {"specialised.accepted.minors": "no",
                                          "mainstream.accepted.eu_nationals": "not stated",
                                          "mainstream.accepted.mixing": "mixed only"},
    ("belgium", "accommodation"): {"specialised.accepted.mixing": "mixed only",
                                   "specialised.accepted.minors": "yes"},
    ("italy", "accommodation"): {"specialised.accepted.mixing": "mixed or non-mixed",
                                 "specialised.period_of_stay": "6-12 months"},
    ("hungary", "employment"): {"training.free_of_charge": "yes",
                                "training.access_mechanism": "yes",
                                "employment.accompanied": "yes"},
    ("united-kingdom", "employment"): {"training.available": "yes",
                                       "training.access_mechanism": "no",
                                       "employment.mainstream_access": "yes"},
    ("belgium", "employment"): {"training.free_of_charge": "no",
                                "employment.mainstream_access": "yes",
                                "employment.accompanied": "yes"},
    ("hungary", "health"): {"psychosocial.staff_trained": "yes",
                            "psychosocial.free_of_charge": "yes"},
    ("belgium", "health"): {"psychosocial.free_of_charge": "yes", "healthcare.access": "yes"},
    ("france", "health"): {"healthcare.staff_trained": "no", "healthcare.access": "yes"},
    ("italy", "health"): {"healthcare.free_of_charge": "yes", "healthcare.access": "yes"},
    ("united-kingdom", "health"): {"healthcare.staff_trained": "no"},
}

SOURCES = {
    "france": {"permits": 18, "accommodation": 19, "health": 20, "legal": 21, "language": 22,
               "employment": 23, "challenges": 24, "contacts": 25, "figures": 26},
    "hungary": {"permits": 42, "accommodation": 43, "health": 44, "legal": 45, "language": 45,
                "employment": 46, "challenges": 47, "contacts": 49, "figures": 50},
    "italy": {"challenges": 37, "contacts": 38, "figures": 39},
    "united-kingdom": {"challenges": 60, "contacts": 61, "figures": 62},
    "belgium": {},
}


@pytest.mark.parametrize("key", sorted(TERMS), ids=lambda k: f"{k[0]}-{k[1]}")
def test_terms(key):
    country, section = key
    assert len(TERMS[key]) >= 5
    text = norm(text_of(section_json(country, section)))
    missing = [t for t in TERMS[key] if norm(t) not in text]
    assert missing == []


def _get(record: dict, dotted: str):
    for part in dotted.split("."):
        record = record[part]
    return record


@pytest.mark.parametrize("key", sorted(VALUES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_values(key):
    country, section = key
    record = section_json(country, section)
    wrong = {f: _get(record, f) for f, v in VALUES[key].items() if _get(record, f) != v}
    assert wrong == {}


@pytest.mark.parametrize("country", sorted(SOURCES))
def test_source_pages(country):
    from fiit_cli.lookup import SECTION_SLUGS

    pages = {}
    for slug in SECTION_SLUGS:
        pages[slug] = section_json(country, slug)["source"]["page"]
    expected = {slug: SOURCES[country].get(slug) for slug in SECTION_SLUGS}
    assert pages == expected


def test_stage_names_and_kinds():
    expect = {
        "belgium": [("reflection", "Reflection Period"), ("temporary", "Temporary stay"),
                    ("long_term", "Long-term residence permit")],
        "france": [("reflection", "Reflection Period"),
                   ("temporary", "Short-term residence permit"),
                   ("long_term", "Long-term residence permit")],
        "italy": [("reflection", "Reflection Period"), ("temporary", "Temporary stay"),
                  ("long_term", "Long-term residence permit")],
        "hungary": [("reflection", "Reflection Period"),
                    ("temporary", "Humanitarian Residence Permit")],
        "united-kingdom": [("reflection", "Reflection Period"), ("temporary", "Residence Permit")],
    }
    got = {c: [(s["kind"], s["name"]) for s in section_json(c, "permits")["stages"]]
           for c in expect}
    assert got == expect
