"""The demo community, as plain data: who is here, who knows whom, what they said.

Forty people in a few clusters that feel like real life: a health-tech start-up
and an energy co-op in Manchester with the nurse, planner, union organiser and
bookshop owner around them; a mobility start-up in Berlin; a fintech in Toronto;
an agritech in Nairobi; a logistics firm in Bengaluru; designers and researchers
in Lisbon, Oxford, Paris, Osaka. A few bridges join the clusters. Each member lives
in their country's time zone, except Ben, who works from Toronto for a while: Ana
and Ben see the same gathering at different local times. Priya, a staff engineer,
signs in in two steps (``DEMO_TWO_STEP_KEYS``); Tom, a retired engineer, moderates
(``DEMO_MODERATORS``).

The point of the essays this product grew from must be visible on the first
screen: Ana's and Ben's inboxes hold requests that refer to them, name where they
met and ask how to help. The "leaflets" (``leaflet=True``) that only talk about the
sender, pitch services and ask for referrals (Gary, the PowerNetworker; Chad, who
collects contacts; Rohan, who sells) are refused at sending, as anyone's would be,
so they never reach an inbox; the seed counts them.

Times are "days before now", so the history reads the same whenever it is seeded:
connections over years, conversations over the last weeks, requests still open
from the last days. ``rapport.demo.seed`` turns this into rows through the
services only.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "rapport-demo"
DEMO_LOGINS = ("ana", "ben", "priya", "tom")
# Tom, a retired engineer who mentors, volunteers as one of the instance's moderators:
# staff in the "moderators" group (``rapport.safety.services.moderator_appoint``), so a
# newcomer signs in to /admin/ as him and reads the reports and the held requests.
DEMO_MODERATORS = ("tom",)
# Priya signs in in two steps: her authenticator key is published with the password
# (`rapport demo` prints it), so a newcomer adds it to any authenticator app and sees
# the second step. A demo key, like the demo password: never a real account's.
DEMO_TWO_STEP_KEYS = {"priya": "AJO44N2IQL3U5FT6AN47PEB3PQFVONHP"}


# Each country of the demo's locations, and the time zone its members live in.
TIME_ZONES = {
    "UK": "Europe/London",
    "Germany": "Europe/Berlin",
    "Canada": "America/Toronto",
    "Kenya": "Africa/Nairobi",
    "India": "Asia/Kolkata",
    "Portugal": "Europe/Lisbon",
    "France": "Europe/Paris",
    "Japan": "Asia/Tokyo",
    "Spain": "Europe/Madrid",
    "Nigeria": "Africa/Lagos",
}


@dataclass(frozen=True)
class Profile:
    username: str
    name: str
    headline: str
    organisation: str
    location: str
    bio: str
    interests: str
    can_help_with: str
    looking_for: str
    away_in: str = ""  # the time zone of someone working away from home for a while

    @property
    def time_zone(self) -> str:
        """Where they are now: away, or their location's country."""
        return self.away_in or TIME_ZONES[self.location.rsplit(",", 1)[-1].strip()]


@dataclass(frozen=True)
class Line:
    """One message in a conversation that followed an accepted request; ``deleted``:
    its sender deleted it a minute later, so the thread shows "Message deleted"."""

    sender: str
    days_ago: float
    body: str
    deleted: bool = False


@dataclass(frozen=True)
class Tie:
    """A request that was accepted, and what the two said afterwards."""

    sender: str
    recipient: str
    context: str
    note: str
    days_ago: float
    detail: str = ""
    introducer: str = ""
    offer: str = ""
    accepted_after: float = 1.0
    thread: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Ask:
    """A request nobody has answered. Older than 30 days, it has expired.

    ``leaflet`` marks a note written like a leaflet drop: all about the sender.
    """

    sender: str
    recipient: str
    context: str
    note: str
    days_ago: float
    detail: str = ""
    introducer: str = ""
    offer: str = ""
    leaflet: bool = False


MEMBERS: tuple[Profile, ...] = (
    # --- Fieldnote Health, Manchester: symptom diaries for people with long-term conditions
    Profile(
        username="ana",
        name="Ana Ruiz",
        headline="Lead product designer at Fieldnote Health",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        bio=(
            "I grew up in Valencia, trained as an architect, and ended up designing software "
            "for people who live with long-term illness. At Fieldnote I lead design for the "
            "symptom diary that patients fill in between appointments. Most of what I know "
            "I learned sitting next to nurses and patients, not in a studio. Outside work: "
            "wonky ceramics, a zine workshop at a Chorlton bookshop, and slowly learning "
            "flamenco guitar."
        ),
        interests=(
            "service design, accessibility, health tech, design research, ceramics, "
            "zines, flamenco guitar, plain language"
        ),
        can_help_with=(
            "I'm happy to look at a form or a sign-up flow with you and say where people will "
            "get lost. I can also share how we run research sessions with patients and nurses "
            "without wasting their time."
        ),
        looking_for=(
            "People who have designed for older users on small screens, and anyone who has "
            "made accessibility audits stick after the consultants leave."
        ),
    ),
    Profile(
        username="priya",
        name="Priya Raman",
        headline="Staff engineer, Fieldnote Health",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        bio=(
            "Backend engineer for twelve years, the last five at Fieldnote, where I look after "
            "the sync service that gets diaries from patients' phones to their clinicians. I "
            "care about boring, reliable systems and about making juniors feel safe to ask "
            "questions. I boulder badly and sing Carnatic music slightly better."
        ),
        interests="python, postgresql, distributed systems, mentoring, bouldering, carnatic music",
        can_help_with=(
            "Postgres performance, queue design, and first-year-as-a-senior-engineer worries. "
            "I'll read your design doc if you send it with a specific question."
        ),
        looking_for="Other engineers running offline-first mobile sync in production.",
    ),
    Profile(
        username="tomasz",
        name="Tomasz Nowak",
        headline="Data engineer, privacy first",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        bio=(
            "I build the pipelines that turn diary entries into something a clinician can read "
            "in thirty seconds, without letting anyone else read them. Before Fieldnote I spent "
            "six years at a bank in Kraków. Weekends: mushroom foraging and slow chess."
        ),
        interests="data engineering, privacy, differential privacy, dbt, mushroom foraging, chess",
        can_help_with=(
            "Pseudonymisation that survives a real audit, and data pipelines small teams can "
            "actually maintain."
        ),
        looking_for="A chess club in south Manchester that plays long games.",
    ),
    Profile(
        username="hannah",
        name="Hannah Cole",
        headline="Co-founder and CEO, Fieldnote Health; former GP",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        bio=(
            "I was a GP for nine years and kept seeing patients forget what their week had "
            "been like by the time they reached my room. Fieldnote started as a paper diary "
            "I handed out in surgery. Now we are 24 people and work with four NHS trusts. "
            "I run up hills when I need to think."
        ),
        interests="health tech, primary care, fundraising, hiring, fell running",
        can_help_with=(
            "Selling into the NHS without losing your mind, and what clinicians really mean "
            "when they say 'interesting'."
        ),
        looking_for="Founders who have raised a Series A for a regulated product. I'll buy lunch.",
    ),
    Profile(
        username="yusuf",
        name="Yusuf Demir",
        headline="UX researcher at Fieldnote Health",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        bio=(
            "Born in Hamburg to Turkish parents, I studied anthropology and drifted into user "
            "research. I run our sessions with patients and carers, and try to keep the whole "
            "team close to what we hear. I lose at backgammon to my uncle every summer."
        ),
        interests="user research, qualitative methods, accessibility, anthropology, backgammon",
        can_help_with=(
            "Planning a research round on a tiny budget, writing a discussion guide, and "
            "recruiting participants who are not the usual suspects."
        ),
        looking_for="Researchers who work with carers; I'd love to compare notes.",
    ),
    # --- Brightwater Energy Co-op: community-owned solar around Greater Manchester
    Profile(
        username="ben",
        name="Ben Okafor",
        headline="Engineering manager at Brightwater Energy Co-op",
        organisation="Brightwater Energy Co-op",
        location="Manchester, UK",
        bio=(
            "Grew up in Peckham, studied computer science in Leeds, and spent four years at "
            "Fieldnote Health before moving to Brightwater, a co-op that puts solar panels on "
            "schools and church halls and lets the neighbours own them. I manage a team of "
            "six who write the software for member sign-up, metering and payouts. Until the "
            "summer I'm working from Toronto, alongside a co-op there that runs our software. "
            "At home I play five-a-side on Tuesdays and still argue about jollof."
        ),
        interests=(
            "engineering management, community energy, python, go, mentoring, "
            "five-a-side football, jollof"
        ),
        can_help_with=(
            "If you're about to manage people for the first time, I'll tell you what I got "
            "wrong. I can also help with metering data, flaky queues and Django at small scale."
        ),
        looking_for=(
            "Designers who have simplified long sign-up forms, and people running "
            "energy co-ops elsewhere who want to share code."
        ),
        away_in="America/Toronto",
    ),
    Profile(
        username="siobhan",
        name="Siobhan Gallagher",
        headline="Operations lead, Brightwater Energy Co-op",
        organisation="Brightwater Energy Co-op",
        location="Stockport, UK",
        bio=(
            "From Galway, in Stockport for ten years. I look after the co-op's members, "
            "installations and board papers, which is as glamorous as it sounds. I swim in "
            "the sea all year and will try to convince you to join."
        ),
        interests="community energy, cooperatives, governance, sea swimming",
        can_help_with="Co-op governance, share offers, and running a members' meeting people enjoy.",
        looking_for="Landlords of community buildings with a south-facing roof.",
    ),
    Profile(
        username="kwame",
        name="Kwame Asante",
        headline="Firmware engineer, metering and inverters",
        organisation="Brightwater Energy Co-op",
        location="Manchester, UK",
        bio=(
            "I write the code that runs on our meters and talks to the inverters. Originally "
            "from Kumasi. I volunteer at a repair café once a month and play highlife records "
            "far too loud."
        ),
        interests="embedded systems, rust, hardware, repair cafés, highlife",
        can_help_with="Modbus, flaky serial links, and getting a dead gadget working again.",
        looking_for="People who build open hardware for energy monitoring.",
    ),
    # --- Manchester around them
    Profile(
        username="grace",
        name="Grace Mensah",
        headline="Senior staff nurse and clinical safety lead",
        organisation="North Manchester Community Health",
        location="Manchester, UK",
        bio=(
            "Twenty years a nurse, the last six on a respiratory ward and in community teams. "
            "I'm the clinical safety lead for the digital tools our patients use, which mostly "
            "means sitting beside a patient and watching where they get stuck. I sing in a "
            "gospel choir on Sundays."
        ),
        interests="nursing, patient safety, clinical informatics, respiratory care, gospel choir",
        can_help_with=(
            "What a ward actually looks like at 3am, and whether your product will survive it. "
            "Clinical safety cases (DCB0129/0160) in plain English."
        ),
        looking_for="Designers and engineers willing to shadow a shift before they build for us.",
    ),
    Profile(
        username="daniel",
        name="Daniel Levy",
        headline="Transport planner, Manchester City Council",
        organisation="Manchester City Council",
        location="Manchester, UK",
        bio=(
            "I plan bus interchanges and cycle routes, and spend a lot of time in community "
            "halls explaining why a road is changing. Before the council I worked on walkable "
            "neighbourhoods in Tel Aviv. I publish our step-free routes as open data."
        ),
        interests="urbanism, transport planning, cycling, open data, wayfinding, accessibility",
        can_help_with=(
            "How decisions about streets really get made, and how to get your voice into a "
            "consultation before it's too late."
        ),
        looking_for="People who design wayfinding for people with low vision.",
    ),
    Profile(
        username="fatima",
        name="Fatima Benali",
        headline="Union organiser, hospitality workers",
        organisation="Hospitality Workers' Union North West",
        location="Manchester, UK",
        bio=(
            "I organise kitchen porters, cleaners and waiting staff across the city. My parents "
            "came from Tangier; I came from Moss Side. I believe most problems at work are "
            "solved by people talking to each other, which is more or less my job description."
        ),
        interests="labour organising, worker cooperatives, housing, arabic calligraphy",
        can_help_with=(
            "Running a meeting where the quiet people speak, and knowing your rights at work."
        ),
        looking_for="Ways to bring down energy bills for members who rent.",
    ),
    Profile(
        username="maggie",
        name="Maggie Doyle",
        headline="Owner, Doyle & Daughter Books",
        organisation="Doyle & Daughter Books",
        location="Chorlton, Manchester, UK",
        bio=(
            "My mother opened the shop in 1987 and I've run it since 2015. We sell new and "
            "second-hand books, host a crime-fiction book group, a zine workshop and, on the "
            "first Monday of the month, the local union branch. Come in and say hello."
        ),
        interests="independent bookshops, crime fiction, local history, community events, zines",
        can_help_with=(
            "A room for your meeting, a book for a difficult conversation, and honest advice "
            "on running a small shop."
        ),
        looking_for="Someone local who teaches bookbinding.",
    ),
    # --- Kontur Mobility, Berlin: cargo-bike sharing
    Profile(
        username="lena",
        name="Lena Hoffmann",
        headline="Product designer, Kontur Mobility",
        organisation="Kontur Mobility",
        location="Berlin, Germany",
        bio=(
            "I design the booking app for Kontur's cargo bikes. Lately most of my time goes "
            "into making it work for older riders and people who have never used a sharing "
            "app. Studied in Potsdam and Copenhagen."
        ),
        interests="interaction design, accessibility, cycling, mobility, typography",
        can_help_with="Map-heavy interfaces and designing for one-handed use on the move.",
        looking_for="People who have run usability tests with riders over 70.",
    ),
    Profile(
        username="jonas",
        name="Jonas Weber",
        headline="Co-founder, Kontur Mobility",
        organisation="Kontur Mobility",
        location="Berlin, Germany",
        bio=(
            "We started Kontur with six bikes in Neukölln. Now there are 900 across three "
            "cities. I handle partnerships with cities and housing associations."
        ),
        interests="mobility, urbanism, startups, partnerships, cargo bikes",
        can_help_with="Pitching a pilot to a city hall, and what to put in a data-sharing agreement.",
        looking_for="Cities in the UK thinking about cargo-bike hubs.",
    ),
    Profile(
        username="mehmet",
        name="Mehmet Yılmaz",  # noqa: RUF001 (a Turkish name, spelled as he spells it)
        headline="Backend engineer, Kontur Mobility",
        organisation="Kontur Mobility",
        location="Berlin, Germany",
        bio=(
            "I keep the bikes, locks and bookings in agreement with each other. Grew up in "
            "Izmir, moved to Berlin for a master's and stayed."
        ),
        interests="go, postgresql, iot, distributed systems, bouldering",
        can_help_with="IoT fleets that lose connectivity, and Postgres under write-heavy load.",
        looking_for="Engineers who run large Postgres fleets on modest budgets.",
    ),
    Profile(
        username="sofia",
        name="Sofia Rossi",
        headline="Researcher in urban mobility",
        organisation="Institute for Urban Futures",
        location="Berlin, Germany",
        bio=(
            "I study how people change the way they move when the street around them changes. "
            "PhD from Politecnico di Milano. Currently evaluating cargo-bike pilots in four "
            "European cities."
        ),
        interests="urban mobility, transport research, mixed methods, cycling, opera",
        can_help_with="Evaluation design for a pilot, and finding the paper you half remember.",
        looking_for="City officers willing to share before-and-after counts.",
    ),
    Profile(
        username="ingrid",
        name="Ingrid Larsen",
        headline="Independent service designer",
        organisation="Larsen Studio",
        location="Berlin, Germany",
        bio=(
            "Danish, in Berlin since 2016. I help public services and small companies redesign "
            "the parts people hate: forms, waiting, letters. I like introducing people who "
            "should know each other."
        ),
        interests="service design, public services, plain language, facilitation, knitting",
        can_help_with="Journey mapping with people who are not designers, and running a workshop.",
        looking_for="Public servants who want to try something small before something big.",
    ),
    # --- Ledgerly, Toronto: bookkeeping for very small businesses
    Profile(
        username="marcus",
        name="Marcus Brown",
        headline="Founder and CEO, Ledgerly",
        organisation="Ledgerly",
        location="Toronto, Canada",
        bio=(
            "My mother ran a Jamaican bakery in Scarborough for thirty years and did the books "
            "on a kitchen table. Ledgerly is the tool I wished she'd had. We are 40 people."
        ),
        interests="fintech, small business, hiring, product strategy, basketball",
        can_help_with="Pricing for small-business customers, and your first ten hires.",
        looking_for="An engineering leader who has scaled a team from 15 to 40.",
    ),
    Profile(
        username="aisha",
        name="Aisha Siddiqui",
        headline="Product manager, Ledgerly",
        organisation="Ledgerly",
        location="Toronto, Canada",
        bio=(
            "I talk to bakers, plumbers and hairdressers about their receipts. Before product I "
            "was an accountant, which helps more than you'd think."
        ),
        interests="product management, accounting, customer interviews, urdu poetry",
        can_help_with="Turning customer interviews into a roadmap people believe.",
        looking_for="Other PMs building for people who hate software.",
    ),
    Profile(
        username="wei",
        name="Wei Chen",
        headline="Research scientist, document understanding",
        organisation="Lakeshore Institute for AI",
        location="Toronto, Canada",
        bio=(
            "I work on reading messy documents (receipts, forms, handwritten notes) with "
            "machine learning. I supervise undergraduate projects and try to keep them small "
            "enough to finish."
        ),
        interests=(
            "machine learning, natural language processing, document understanding, "
            "go (the board game)"
        ),
        can_help_with="Scoping an ML project so it ships, and reading a paper critically.",
        looking_for="Real-world datasets of forms, shared with consent.",
    ),
    Profile(
        username="diego",
        name="Diego Fernández",
        headline="Computer science student, University of Toronto",
        organisation="University of Toronto",
        location="Toronto, Canada",
        bio=(
            "Third-year student from Monterrey. Interned at Ledgerly last summer. I'm into "
            "compilers, salsa dancing, and explaining things to first-years."
        ),
        interests="compilers, rust, teaching, salsa",
        can_help_with="Tutoring first-year programming, in English or Spanish.",
        looking_for="A research internship in programming languages next summer.",
    ),
    # --- Shamba Data, Nairobi: weather and market prices by SMS for smallholders
    Profile(
        username="wanjiru",
        name="Wanjiru Kamau",
        headline="Founder, Shamba Data",
        organisation="Shamba Data",
        location="Nairobi, Kenya",
        bio=(
            "We send weather and market prices by SMS to 60,000 smallholder farmers in Kenya "
            "and Uganda. I grew up on a tea farm in Kiambu. I like connecting people who are "
            "solving the same problem in different places."
        ),
        interests="agritech, climate adaptation, sms, social enterprise, tea",
        can_help_with="Building for users without smartphones, and fundraising from impact investors.",
        looking_for="Energy co-ops working on solar irrigation.",
    ),
    Profile(
        username="otieno",
        name="Otieno Ochieng",
        headline="Software engineer, offline-first mobile",
        organisation="Shamba Data",
        location="Nairobi, Kenya",
        bio=(
            "I build the Android app our field agents use where there is no signal for days. "
            "Sync conflicts are my life. From Kisumu; I fish on Lake Victoria when I'm home."
        ),
        interests="android, kotlin, offline-first, sync, fishing",
        can_help_with="Offline-first Android and designing for cheap phones.",
        looking_for="Someone who has solved sync conflicts for a metering or field app.",
    ),
    Profile(
        username="amani",
        name="Amani Njoroge",
        headline="Data science student, Strathmore University",
        organisation="Strathmore University",
        location="Nairobi, Kenya",
        bio=(
            "Final-year student. I volunteer at Shamba Data's farmer data clinics and am "
            "writing my thesis on forecasting maize prices."
        ),
        interests="data science, forecasting, agriculture, chess",
        can_help_with="Swahili translation for surveys, and cleaning messy spreadsheets.",
        looking_for="A mentor who works on time series in industry.",
    ),
    # --- Kadam Logistics and friends, Bengaluru
    Profile(
        username="arjun",
        name="Arjun Mehta",
        headline="Senior site reliability engineer, Kadam Logistics",
        organisation="Kadam Logistics",
        location="Bengaluru, India",
        bio=(
            "I keep a fleet-tracking platform up for 12,000 trucks. I co-maintain a small "
            "open-source library for reading smart meters, which is how I met half my friends."
        ),
        interests="site reliability, kubernetes, open source, smart meters, cricket",
        can_help_with="On-call that doesn't burn people out, and incident reviews without blame.",
        looking_for="More maintainers for the meter-reading library.",
    ),
    Profile(
        username="kavya",
        name="Kavya Iyer",
        headline="Data scientist, demand forecasting",
        organisation="Kadam Logistics",
        location="Bengaluru, India",
        bio=(
            "I forecast how many trucks a warehouse will need next week. Studied at IIT "
            "Madras. I paint watercolours of Bengaluru's old bungalows before they disappear."
        ),
        interests="forecasting, time series, python, watercolour, heritage architecture",
        can_help_with="Time-series forecasting that a planner can trust and override.",
        looking_for="People working on forecasting for agriculture.",
    ),
    Profile(
        username="rohan",
        name="Rohan Das",
        headline="Founder, Pitchwise | AI for sales teams",
        organisation="Pitchwise",
        location="Bengaluru, India",
        bio=(
            "Pitchwise writes your sales emails and books meetings for you. Serial founder, "
            "IIT Madras alumnus, growth hacker."
        ),
        interests="sales, growth hacking, startups, ai",
        can_help_with="Booking more sales meetings with less effort.",
        looking_for="Customers, investors and referrals.",
    ),
    # --- Lisbon
    Profile(
        username="ines",
        name="Inês Carvalho",
        headline="Illustrator and information designer",
        organisation="Freelance",
        location="Lisbon, Portugal",
        bio=(
            "I draw explanations: maps, diagrams, live sketch notes at conferences. I did the "
            "drawings for the Lisbon housing atlas and for a lot of patient leaflets."
        ),
        interests="illustration, information design, sketch notes, maps, tiles",
        can_help_with="Turning a complicated process into one drawing people keep.",
        looking_for="Health projects that need patient information people actually read.",
    ),
    Profile(
        username="joao",
        name="João Pereira",
        headline="Urban researcher, Lisbon Housing Observatory",
        organisation="Lisbon Housing Observatory",
        location="Lisbon, Portugal",
        bio=(
            "I map who can afford to live where, and how that changes when a tram line opens. "
            "I teach a seminar on participatory planning."
        ),
        interests="housing, urbanism, participatory planning, gis, fado",
        can_help_with="Housing data in Portugal, and running a participatory mapping session.",
        looking_for="Planners who have measured displacement after transport projects.",
    ),
    Profile(
        username="beatriz",
        name="Beatriz Santos",
        headline="Master's student in interaction design",
        organisation="University of Lisbon",
        location="Lisbon, Portugal",
        bio=(
            "Writing my thesis on how people with chronic illness keep track of symptoms, and "
            "why they stop. Before that I studied illustration with Inês."
        ),
        interests="interaction design, health, chronic illness, illustration, surfing",
        can_help_with="Portuguese translation, and sketching an idea quickly.",
        looking_for="Practitioners who would let me interview them for my thesis.",
    ),
    # --- Here and there
    Profile(
        username="chad",
        name="Chad Whitmore",
        headline="Talent partner | Open networker | Always happy to connect!",
        organisation="TalentBridge Global",
        location="London, UK",
        bio=(
            "Passionate talent partner connecting top talent with world-class opportunities. "
            "Open networker: I accept every invite. Let's connect!"
        ),
        interests="recruiting, networking, talent, hiring",
        can_help_with="Finding your next opportunity!",
        looking_for="Talented professionals to add to my network.",
    ),
    Profile(
        username="gary",
        name="Gary Pennington",
        headline="Business growth consultant | PowerNetworker",
        organisation="Pennington Growth Partners",
        location="Reading, UK",
        bio=(
            "Twenty years in sales, strategy and operations across the US, Europe and other "
            "countries. I help businesses grow. I work several hours every day at building a "
            "wide network."
        ),
        interests="business growth, sales, strategy, networking",
        can_help_with="Growing your business in the US, Europe and other countries.",
        looking_for="Referrals to businesses that could use my services.",
    ),
    Profile(
        username="noor",
        name="Noor Haddad",
        headline="Freelance journalist: work, cities and technology",
        organisation="Freelance",
        location="London, UK",
        bio=(
            "I write about how people work and how technology changes it, for the kind of "
            "magazines you read on a train. Grew up between Beirut and Leicester."
        ),
        interests="journalism, labour, technology, cities, long-form writing, cooking",
        can_help_with="Telling your story so a non-specialist cares, and pitching an editor.",
        looking_for="Stories about work that nobody has told yet.",
    ),
    Profile(
        username="elena",
        name="Elena Petrova",
        headline="Researcher, computational social science",
        organisation="University of Oxford",
        location="Oxford, UK",
        bio=(
            "I study how people keep relationships going, online and off, and what the "
            "'Dunbar number' does and doesn't mean. From Plovdiv. I run a small reading group "
            "that is open to anyone."
        ),
        interests="social networks, computational social science, dunbar's number, statistics",
        can_help_with="Network analysis, survey design, and a reading list on tie strength.",
        looking_for="Designers building tools for fewer, deeper relationships.",
    ),
    Profile(
        username="samuel",
        name="Samuel Adeyemi",
        headline="MSc student in human-computer interaction",
        organisation="University of Manchester",
        location="Manchester, UK",
        bio=(
            "Came from Ibadan for my master's. My dissertation is about how households read "
            "their energy bills. Tom Hughes mentors me through the engineers' mentoring scheme."
        ),
        interests="hci, energy, usability testing, afrobeats, photography",
        can_help_with="Running usability tests, and Yoruba translation.",
        looking_for="A summer placement where research meets engineering.",
    ),
    Profile(
        username="hiroshi",
        name="Hiroshi Tanaka",
        headline="Hardware designer, repairable electronics",
        organisation="Kurumi Instruments",
        location="Osaka, Japan",
        bio=(
            "I design measuring instruments that can be opened with a normal screwdriver. "
            "I collect old Japanese radios and fix them."
        ),
        interests="hardware design, right to repair, pcb design, vintage radios",
        can_help_with="Designing a board so it can be repaired, and finding a small manufacturer.",
        looking_for="Open-hardware projects for energy monitoring.",
    ),
    Profile(
        username="camille",
        name="Camille Dubois",
        headline="Sustainability consultant to energy co-ops",
        organisation="Énergie Commune Conseil",
        location="Paris, France",
        bio=(
            "I help citizen energy projects in France and Belgium through their first "
            "installation. Previously at a utility, which taught me what not to do."
        ),
        interests="community energy, energy policy, cooperatives, cycling, cheese",
        can_help_with="Grid connection paperwork in France and Belgium, and co-op financing.",
        looking_for="Co-ops that have open-sourced their member software.",
    ),
    Profile(
        username="tom",
        name="Tom Hughes",
        headline="Retired civil engineer, volunteer mentor",
        organisation="Engineers' Mentoring Scheme",
        location="Manchester, UK",
        bio=(
            "Forty years building bridges and water works, the last ten managing teams. Now I "
            "mentor engineers in their first management jobs and run a repair café on Saturdays."
        ),
        interests="mentoring, civil engineering, repair cafés, canals, brass bands",
        can_help_with="First-time managers: a listening ear and forty years of mistakes.",
        looking_for="Volunteers for the repair café who can fix small electronics.",
    ),
    Profile(
        username="rosa",
        name="Rosa Martínez",
        headline="Architect, adaptive reuse",
        organisation="Taller Martínez Vidal",
        location="Barcelona, Spain",
        bio=(
            "I turn old factories into schools and housing. Studied in Valencia with Ana Ruiz, "
            "back when we both thought we'd design museums."
        ),
        interests="architecture, adaptive reuse, housing, ceramics, swimming",
        can_help_with="Reusing an old building, and Spanish planning permissions.",
        looking_for="Clients who want to keep a building rather than knock it down.",
    ),
    Profile(
        username="olu",
        name="Olu Bakare",
        headline="Backend engineer, payments",
        organisation="Kobo Rails",
        location="Lagos, Nigeria",
        bio=(
            "I build payment rails for small merchants across West Africa. Studied in Leeds "
            "with Ben Okafor and moved home in 2019. Afrobeat, football and very strong opinions "
            "about API versioning."
        ),
        interests="payments, api design, go, fintech, football, afrobeat",
        can_help_with="Payments in Nigeria and Ghana, and API versioning you won't regret.",
        looking_for="Advice on hiring our first engineering manager.",
    ),
)


# --- Who knows whom. Ana's and Ben's first, then the clusters and their bridges.

ANA_AND_BEN: tuple[Tie, ...] = (
    Tie(
        sender="ana",
        recipient="ben",
        context="worked_together",
        detail="Fieldnote Health, 2021-2023",
        days_ago=850,
        note=(
            "Ben, now that we both have accounts here: thank you for the patience with my "
            "'just one more change' to the diary screens this year. Same again next sprint?"
        ),
        thread=(
            Line(
                "ben",
                21,
                "Ana, a question for you, no rush. At Brightwater we're rebuilding how new "
                "co-op members sign up: it's a nine-page form and almost half the people who "
                "start it stop at page 4. You did the Fieldnote onboarding redesign. What would "
                "you look at first?\n\nHappy to return the favour: you mentioned the sync "
                "service keeps falling over, and I've debugged that exact queue library before.",
            ),
            Line(
                "ana",
                20,
                "Let me guess: page 4 is the direct debit page. That's where we lost people too. "
                "First thing I'd do is sit beside five people while they sign up. Not a survey, "
                "five people. I could come to one of your member evenings if that helps?\n\n"
                "And yes please on the queue. Priya would love an hour with you; I'll put you "
                "two in touch.",
            ),
            Line(
                "ben",
                18,
                "It is the direct debit page. Member evening is Thursday, 6pm at the Stockport "
                "hub, and there will be samosas. I'll message Priya.",
            ),
            Line(
                "ana",
                12.01,
                "Priya, the sync notes are on the team drive under 'diary v3'. Ping me "
                "before you start on the retry queue.",
                deleted=True,  # meant for Priya's thread, taken back at once
            ),
            Line(
                "ana",
                12,
                "Thanks for Thursday. I've written up the five sign-ups: mostly jargon "
                "('generation tariff'?) and one date field that rejects the way everyone types "
                "dates. I've sent the notes to Siobhan too.",
            ),
            Line(
                "ben",
                2,
                "Siobhan read your notes and we've cut the form to four pages. The drop-off at "
                "the old page 4 went from 48% to 19% in the first week. I owe you a very large "
                "coffee. When are you free?",
            ),
        ),
    ),
    Tie(
        sender="hannah",
        recipient="ana",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=1300,
        note=(
            "Ana, welcome to Fieldnote! Thank you for taking a chance on a company of nine. "
            "Let's walk the ward at Grace's hospital together in your first week."
        ),
    ),
    Tie(
        sender="ana",
        recipient="priya",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=1250,
        note=(
            "Priya, thank you for sitting with me through the sync model yesterday. I finally "
            "understand why the diary can't save offline the way I drew it."
        ),
        thread=(
            Line(
                "priya",
                15,
                "Thanks for the intro to Ben. We paired on the sync queue for an hour and he "
                "spotted the retry storm in ten minutes. Lunch is on me.",
            ),
            Line("ana", 14, "Told you! Buy him a coffee from me too."),
        ),
    ),
    Tie(
        sender="tomasz",
        recipient="ana",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=700,
        note=(
            "Hi Ana, I'm the new data engineer. Yusuf says you know which diary fields "
            "clinicians actually read. Could we go through them before I rebuild the summary?"
        ),
    ),
    Tie(
        sender="ana",
        recipient="yusuf",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=400,
        note=(
            "Yusuf, great to have a researcher on the team at last. Your first session with "
            "carers was the most useful hour I've had this quarter."
        ),
    ),
    Tie(
        sender="grace",
        recipient="ana",
        context="worked_together",
        detail="Symptom diary pilot at North Manchester Community Health, 2023",
        days_ago=600,
        note=(
            "Ana, thank you for spending a whole night shift with us. The patients still ask "
            "after 'the designer with the notebook'. Let's keep talking."
        ),
        thread=(
            Line(
                "grace",
                9,
                "Hi Ana, the ward team tried the new diary screens this week. Two of our older "
                "patients couldn't find the save button once the keyboard was open. Could we "
                "look at it together on Friday?",
            ),
            Line(
                "ana",
                8,
                "Thank you for catching that. It's exactly the kind of thing we never see in "
                "the office. Friday at 2pm works; I'll bring Yusuf, he ran the last round of "
                "testing.",
            ),
            Line(
                "grace",
                1,
                "Friday was brilliant, thank you both. Sister Okonkwo wants to know if you'd "
                "talk to our nursing students about designing with patients: twenty minutes, "
                "next month, no slides needed. Would you?",
            ),
        ),
    ),
    Tie(
        sender="rosa",
        recipient="ana",
        context="studied_together",
        detail="Polytechnic University of Valencia, architecture, 2010-2015",
        days_ago=1450,
        note=(
            "Ana! I found you here. How is Manchester treating you? I still have the model "
            "of the museum we built in third year, dust and all."
        ),
        thread=(
            Line(
                "rosa",
                40,
                "I'm in Manchester for a conference in May. Dinner? I want to hear everything, "
                "especially about the ceramics.",
            ),
            Line("ana", 39, "Yes! Come to mine, I'll cook. I'll show you the terrible bowls."),
        ),
    ),
    Tie(
        sender="ana",
        recipient="ingrid",
        context="gathering",
        detail="Design for Care conference, Lisbon",
        days_ago=560,
        note=(
            "Ingrid, your workshop on waiting rooms changed how I think about our diary "
            "reminders. Thank you. How did the session with the job centre go?"
        ),
        thread=(
            Line(
                "ingrid",
                10,
                "Ana, I've met someone you should talk to: Lena Hoffmann designs the booking app "
                "at Kontur Mobility in Berlin and is working on accessibility for older riders. "
                "It's your question about small screens, from the other side. May I pass on "
                "your name?",
            ),
            Line("ana", 9, "Of course, please do. Thank you for thinking of me."),
        ),
    ),
    Tie(
        sender="ines",
        recipient="ana",
        context="gathering",
        detail="Design for Care conference, Lisbon",
        days_ago=555,
        note=(
            "Ana, I drew the sketch notes of your talk at Design for Care: here's the page "
            "with your patient diary. Would you like the original?"
        ),
    ),
    Tie(
        sender="maggie",
        recipient="ana",
        context="other",
        detail="Ana runs the zine workshop at my bookshop in Chorlton",
        days_ago=300,
        note=(
            "Ana, thank you for Saturday's zine workshop. Fourteen people, and nobody wanted "
            "to leave. Same time next month?"
        ),
        thread=(
            Line(
                "maggie",
                6,
                "Ana, the zine workshop has sold out again! Would you be up for a second date "
                "in June? I can pay you in books, or in money if you'd rather, honestly.",
            ),
            Line(
                "maggie",
                5,
                "Also: a customer asked whether anyone local teaches bookbinding. Didn't you "
                "mention a friend?",
            ),
        ),
    ),
    # Accepted yesterday, and Ana has not written since: her home page says so, with a
    # link to write to Siobhan (rapport/web/accepted_requests.py).
    Tie(
        sender="ana",
        recipient="siobhan",
        context="other",
        detail="Brightwater's member sign-up, through Ben",
        days_ago=1.5,
        accepted_after=0.5,
        note=(
            "Siobhan, Ben tells me you read my notes from the member evening and cut the "
            "sign-up form to four pages. Thank you for taking them seriously! How are people "
            "finding the new direct debit step?"
        ),
    ),
    # Ben's own people.
    Tie(
        sender="olu",
        recipient="ben",
        context="studied_together",
        detail="University of Leeds, computer science, 2012-2015",
        days_ago=1400,
        note=(
            "Ben! Found you. Still owe you for carrying me through the compilers coursework. "
            "How's Manchester?"
        ),
        thread=(
            Line(
                "olu",
                4,
                "Ben! Long time. We're hiring our first engineering manager at Kobo Rails and I "
                "keep thinking about how you ran the team at Fieldnote. Not asking you to move "
                "to Lagos, but would you spend thirty minutes telling me what you wish you'd "
                "known in your first year?",
            ),
            Line(
                "olu",
                3,
                "No pressure at all. If you're swamped, a couple of book recommendations would "
                "already help.",
            ),
        ),
    ),
    Tie(
        sender="ben",
        recipient="tom",
        context="other",
        detail="Tom is my mentor through the Engineers' Mentoring Scheme",
        days_ago=500,
        note=(
            "Tom, thank you for taking me on. I've written down the three things I'd like "
            "help with this year, the first being 1:1s that don't feel like status reports."
        ),
        thread=(
            Line(
                "ben",
                35,
                "Tom, I have my first conversation with someone on the team who is struggling. "
                "Could we talk it through before Wednesday?",
            ),
            Line(
                "tom",
                34,
                "Of course. Ring me tomorrow after ten. Bring the facts, not the adjectives.",
            ),
            Line(
                "ben",
                30,
                "It went well. Thank you: 'facts, not adjectives' did a lot of the work.",
            ),
            Line(
                "tom",
                6,
                "Glad to hear it. Now a favour: the repair café keeps getting solar garden "
                "lights nobody can fix. Do you know anyone who would give us a Saturday morning?",
            ),
        ),
    ),
    Tie(
        sender="priya",
        recipient="ben",
        context="worked_together",
        detail="Fieldnote Health, 2020-2023",
        days_ago=1200,
        note=(
            "Ben, thanks for taking the pager this weekend so I could go to my cousin's "
            "wedding. I owe you a weekend."
        ),
    ),
    Tie(
        sender="ben",
        recipient="siobhan",
        context="worked_together",
        detail="Brightwater Energy Co-op",
        days_ago=230,
        note=(
            "Siobhan, thank you for the tour of the church hall installation. What would make "
            "the board papers less painful for you? That's where I'd like to start."
        ),
        thread=(
            Line(
                "siobhan",
                11,
                "Ana's notes from Thursday are gold. Can we meet Monday to decide what to cut "
                "from the form?",
            ),
            Line("ben", 10.9, "Monday 10am. I'll bring the drop-off numbers."),
        ),
    ),
    Tie(
        sender="kwame",
        recipient="ben",
        context="worked_together",
        detail="Brightwater Energy Co-op",
        days_ago=225,
        note=(
            "Welcome, Ben. If you want to see a meter being flashed at 7am on a school roof, "
            "I'm your man. Bring gloves."
        ),
    ),
    Tie(
        sender="fatima",
        recipient="ben",
        context="gathering",
        detail="Greater Manchester Community Energy Assembly",
        days_ago=150,
        note=(
            "Ben, you said at the Assembly that co-op shares aren't only for homeowners. Could "
            "you explain that to our members who rent? They'd love to hear it from you."
        ),
        thread=(
            Line(
                "fatima",
                11,
                "Thanks again for the talk at our branch meeting. Several members asked whether "
                "the share offer is open to renters. Is it?",
            ),
            Line(
                "ben",
                10,
                "It is: you don't need a roof to buy a share. I'll send the one-page explainer, "
                "and Siobhan can come to your next meeting to answer questions.",
            ),
            Line(
                "fatima",
                2,
                "Siobhan came and was great. Fourteen members signed up. Thank you both.",
            ),
        ),
    ),
    Tie(
        sender="daniel",
        recipient="ben",
        context="gathering",
        detail="Manchester Civic Tech Night",
        days_ago=120,
        note=(
            "Ben, good to meet you at Civic Tech Night. You asked about rooftops on council "
            "buildings: I can find out who holds the list. Which boroughs matter most?"
        ),
    ),
    Tie(
        sender="ben",
        recipient="wanjiru",
        context="gathering",
        detail="Energy Access Summit, Nairobi",
        days_ago=200,
        note=(
            "Wanjiru, your point about farmers trusting an SMS more than an app stayed with "
            "me. How are the solar irrigation pilots going? Happy to share our metering code."
        ),
        thread=(
            Line(
                "wanjiru",
                12,
                "Ben, do you remember Otieno from our team? He's building offline sync for the "
                "field app and has hit the same conflicts you described at the summit. May I "
                "introduce you?",
            ),
            Line("ben", 11, "Please do, I'd be glad to help."),
        ),
    ),
    Tie(
        sender="arjun",
        recipient="ben",
        context="conversation",
        detail="The issue tracker of the open-source meter-reading library we both maintain",
        days_ago=380,
        note=(
            "Ben, thanks for the fix to the Modbus timeout. Would you like commit rights? "
            "Your reviews are already better than mine."
        ),
    ),
)

CLUSTERS: tuple[Tie, ...] = (
    # Fieldnote Health
    Tie(
        sender="hannah",
        recipient="priya",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=1500,
        note="Priya, our first engineer! Thank you for believing in a paper diary and a GP.",
    ),
    Tie(
        sender="hannah",
        recipient="tomasz",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=720,
        note="Tomasz, welcome aboard. Your privacy review is the first thing I'll read each month.",
    ),
    Tie(
        sender="hannah",
        recipient="yusuf",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=410,
        note="Yusuf, welcome! Please keep dragging us out of the office and into clinics.",
    ),
    Tie(
        sender="tomasz",
        recipient="priya",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=690,
        note="Priya, thank you for the tour of the sync service. I now fear it appropriately.",
    ),
    Tie(
        sender="yusuf",
        recipient="priya",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=395,
        note="Priya, could you sit in on Thursday's session? The patients ask about syncing.",
    ),
    Tie(
        sender="yusuf",
        recipient="tomasz",
        context="worked_together",
        detail="Fieldnote Health",
        days_ago=380,
        note="Tomasz, thanks for the pseudonymised extract. It made the analysis a day's work.",
    ),
    Tie(
        sender="grace",
        recipient="hannah",
        context="worked_together",
        detail="Symptom diary pilot",
        days_ago=620,
        note="Hannah, the ward is in. When can your team come and watch a morning round?",
    ),
    Tie(
        sender="yusuf",
        recipient="grace",
        context="worked_together",
        detail="Symptom diary pilot",
        days_ago=360,
        note="Grace, thank you for recruiting the carers for our study. How can I make it easy?",
    ),
    # Brightwater and around
    Tie(
        sender="siobhan",
        recipient="kwame",
        context="worked_together",
        detail="Brightwater Energy Co-op",
        days_ago=900,
        note="Kwame, thanks for climbing on the school roof in the rain. Tea's on me.",
    ),
    Tie(
        sender="fatima",
        recipient="siobhan",
        context="gathering",
        detail="Greater Manchester Community Energy Assembly",
        days_ago=148,
        note="Siobhan, could you come to our branch meeting and explain the share offer?",
    ),
    Tie(
        sender="hiroshi",
        recipient="kwame",
        context="conversation",
        detail="The open-hardware energy monitoring forum",
        days_ago=640,
        note="Kwame, your write-up on reviving dead meters was excellent. May I send you a board?",
        thread=(
            Line("hiroshi", 25, "The new board revision arrived. Shall I post you one?"),
            Line("kwame", 24, "Yes please! I'll test it at the repair café on Saturday."),
        ),
    ),
    Tie(
        sender="kwame",
        recipient="tom",
        context="other",
        detail="I volunteer at Tom's repair café",
        days_ago=330,
        note="Tom, thanks for letting me loose on the broken radios on Saturday. Same next month?",
    ),
    # Manchester civic
    Tie(
        sender="daniel",
        recipient="fatima",
        context="gathering",
        detail="Housing and transport hustings, Moss Side",
        days_ago=420,
        note="Fatima, your members' night-bus stories were the clearest evidence in the room.",
    ),
    Tie(
        sender="fatima",
        recipient="maggie",
        context="other",
        detail="Our union branch meets in Maggie's shop",
        days_ago=260,
        note="Maggie, thank you for the back room on Monday nights. What can we do in return?",
    ),
    Tie(
        sender="maggie",
        recipient="tom",
        context="other",
        detail="Neighbours on Beech Road",
        days_ago=800,
        note="Tom, the repair café leaflets are in the window. Shall I keep a shelf for manuals?",
    ),
    Tie(
        sender="noor",
        recipient="fatima",
        context="conversation",
        detail="I interviewed Fatima for a piece on hospitality work",
        days_ago=310,
        note="Fatima, thank you for the interview. I'll send the draft before it runs, as promised.",
    ),
    Tie(
        sender="samuel",
        recipient="tom",
        context="other",
        detail="Tom mentors me through the Engineers' Mentoring Scheme",
        days_ago=180,
        note="Tom, thank you for the first session. I've drafted the dissertation plan you asked for.",
    ),
    Tie(
        sender="daniel",
        recipient="joao",
        context="gathering",
        detail="Walkable Cities conference, Lisbon",
        days_ago=700,
        note="João, your displacement maps were the best thing I saw in Lisbon. Can I cite them?",
    ),
    # Berlin
    Tie(
        sender="jonas",
        recipient="lena",
        context="worked_together",
        detail="Kontur Mobility",
        days_ago=1000,
        note="Lena, thank you for joining. Six bikes and a dream: let's make the app not hurt.",
    ),
    Tie(
        sender="jonas",
        recipient="mehmet",
        context="worked_together",
        detail="Kontur Mobility",
        days_ago=980,
        note="Mehmet, welcome! The locks will lie to you. Please make them stop.",
    ),
    Tie(
        sender="mehmet",
        recipient="lena",
        context="worked_together",
        detail="Kontur Mobility",
        days_ago=950,
        note="Lena, thanks for sketching the booking states with me. The bugs make sense now.",
    ),
    Tie(
        sender="ingrid",
        recipient="lena",
        context="studied_together",
        detail="Royal Danish Academy, Copenhagen, exchange 2012",
        days_ago=1350,
        note="Lena! Our Copenhagen studio group is all here now. Coffee when I'm in Kreuzberg?",
    ),
    Tie(
        sender="sofia",
        recipient="jonas",
        context="worked_together",
        detail="Cargo-bike hub pilot, Berlin 2022",
        days_ago=800,
        note="Jonas, thank you for opening your booking data for the evaluation. Report in June.",
    ),
    Tie(
        sender="joao",
        recipient="sofia",
        context="studied_together",
        detail="Summer school on urban mobility, Delft 2019",
        days_ago=1500,
        note="Sofia, from the Delft summer school! How is the thesis? Mine is eating me alive.",
        thread=(
            Line(
                "sofia",
                28,
                "João, the cargo-bike report is out. Chapter 3 borrows your displacement "
                "method. Would you read it before the city does?",
            ),
            Line("joao", 26, "Gladly. Send it over; I'll have comments by Friday."),
        ),
    ),
    Tie(
        sender="sofia",
        recipient="elena",
        context="gathering",
        detail="Networks in the City workshop, Vienna",
        days_ago=600,
        note="Elena, your talk on tie decay gave me an idea for our panel data. Could we talk?",
    ),
    Tie(
        sender="camille",
        recipient="sofia",
        context="gathering",
        detail="Paris mobility and energy forum",
        days_ago=520,
        note="Sofia, could I share your pilot evaluation with two co-ops here? They'd learn a lot.",
    ),
    # Toronto
    Tie(
        sender="marcus",
        recipient="aisha",
        context="worked_together",
        detail="Ledgerly",
        days_ago=1100,
        note="Aisha, the bakers loved you. Welcome to Ledgerly, officially.",
    ),
    Tie(
        sender="marcus",
        recipient="wei",
        context="worked_together",
        detail="Wei advised Ledgerly on receipt reading",
        days_ago=540,
        note="Wei, thank you for the afternoon on receipt extraction. Our scope is half what it was.",
        thread=(
            Line(
                "marcus",
                19,
                "Wei, the receipt reader went live for 2,000 customers. Your 'ship the boring "
                "80%' advice held up. Can I thank you with dinner?",
            ),
            Line("wei", 17, "Congratulations! Dinner yes, and bring Aisha."),
        ),
    ),
    Tie(
        sender="diego",
        recipient="aisha",
        context="worked_together",
        detail="Summer internship at Ledgerly",
        days_ago=250,
        note="Aisha, thank you for a great summer. I'll miss the customer calls, oddly.",
    ),
    Tie(
        sender="diego",
        recipient="wei",
        context="other",
        detail="Wei supervised my undergraduate research project",
        days_ago=300,
        note="Wei, thank you for agreeing to supervise. I'll keep the scope small, promise.",
    ),
    Tie(
        sender="wei",
        recipient="elena",
        context="gathering",
        detail="ICWSM, Limassol",
        days_ago=700,
        note="Elena, I enjoyed our argument about weak ties over dinner. Let's continue it.",
    ),
    Tie(
        sender="olu",
        recipient="marcus",
        context="conversation",
        detail="We talked about a payments integration for Ledgerly",
        days_ago=460,
        note="Marcus, thanks for the call. I'll send the sandbox keys and the versioning notes.",
    ),
    # Nairobi
    Tie(
        sender="wanjiru",
        recipient="otieno",
        context="worked_together",
        detail="Shamba Data",
        days_ago=1000,
        note="Otieno, welcome! The field agents will love you once sync stops eating their data.",
    ),
    Tie(
        sender="amani",
        recipient="wanjiru",
        context="other",
        detail="I volunteer at Shamba Data's farmer data clinics",
        days_ago=200,
        note="Wanjiru, thank you for the clinic in Murang'a. The farmers' questions were humbling.",
    ),
    Tie(
        sender="otieno",
        recipient="amani",
        context="gathering",
        detail="Nairobi Android developers meetup",
        days_ago=150,
        note="Amani, thanks for the talk on price data. Want to see how the app collects it?",
    ),
    Tie(
        sender="kavya",
        recipient="wanjiru",
        context="gathering",
        detail="Data for Agriculture workshop, Pune",
        days_ago=480,
        note="Wanjiru, your SMS price alerts are the forecasting use case I dream about. Can we talk?",
    ),
    # Bengaluru
    Tie(
        sender="arjun",
        recipient="kavya",
        context="worked_together",
        detail="Kadam Logistics",
        days_ago=900,
        note="Kavya, thanks for explaining the forecast to the on-call team. Paging is calmer already.",
    ),
    Tie(
        sender="rohan",
        recipient="kavya",
        context="studied_together",
        detail="IIT Madras, 2014-2018",
        days_ago=1300,
        note="Kavya, hostel block C reunion in December! Are you coming?",
    ),
    Tie(
        sender="gary",
        recipient="rohan",
        context="gathering",
        detail="SaaS sales breakfast, London",
        days_ago=120,
        note=(
            "Rohan, we shared a table at the SaaS sales breakfast in London. How are the first "
            "Pitchwise customers finding it?"
        ),
    ),
    Tie(
        sender="chad",
        recipient="marcus",
        context="gathering",
        detail="Toronto fintech night",
        days_ago=90,
        note=(
            "Marcus, you spoke about bookkeeping for small bakeries at the Toronto fintech night. "
            "Is Ledgerly hiring engineers this year?"
        ),
    ),
    # Lisbon and bridges
    Tie(
        sender="ines",
        recipient="joao",
        context="worked_together",
        detail="The Lisbon housing atlas",
        days_ago=700,
        note="João, the atlas drawings are done. Thank you for trusting me with your data.",
    ),
    Tie(
        sender="beatriz",
        recipient="ines",
        context="studied_together",
        detail="Inês taught my illustration workshop",
        days_ago=220,
        note="Inês, thank you for the workshop. I still draw every explanation before I write it.",
    ),
    Tie(
        sender="rosa",
        recipient="ines",
        context="gathering",
        detail="Lisbon Architecture Triennale",
        days_ago=900,
        note="Inês, your drawing of the old tram depot is on my studio wall. May I commission one?",
    ),
    Tie(
        sender="noor",
        recipient="elena",
        context="conversation",
        detail="I interviewed Elena about online networks",
        days_ago=330,
        note="Elena, thank you for the interview. The Dunbar section is the heart of the piece.",
    ),
)

TIES: tuple[Tie, ...] = ANA_AND_BEN + CLUSTERS


# --- Requests still waiting, and a few that expired unanswered.

_GARY_DETAIL = "I came across your profile"
_CHAD_DETAIL = "Your profile came up in my search"

ASKS: tuple[Ask, ...] = (
    # To Ana: three that are about her, two leaflets.
    Ask(
        sender="daniel",
        recipient="ana",
        context="gathering",
        detail="Manchester Civic Tech Night",
        days_ago=2,
        note=(
            "Hi Ana, at Civic Tech Night you asked how people with low vision find the right "
            "bus stop, and I haven't stopped thinking about it. We're redesigning the signs at "
            "Piccadilly interchange this spring. Could I buy you a coffee and hear what the "
            "Fieldnote accessibility audit taught you? And if anything on the transport side "
            "would help your work, ask me."
        ),
        offer="Our open dataset of step-free routes in the city centre.",
    ),
    Ask(
        sender="lena",
        recipient="ana",
        context="introduced",
        introducer="ingrid",
        days_ago=4,
        note=(
            "Hello Ana, Ingrid Larsen suggested we talk: she says you've been designing for "
            "older patients on small phones, and I'm doing the same for older riders of our "
            "cargo bikes in Berlin. What has worked for you with large text and keyboards "
            "covering half the screen? I'd be glad to share our test recordings in return."
        ),
        offer="Recordings from 12 usability sessions with riders over 70.",
    ),
    Ask(
        sender="beatriz",
        recipient="ana",
        context="gathering",
        detail="Your talk at Lisbon Design Week",
        days_ago=6,
        note=(
            "Olá Ana, I was in the front row of your Lisbon Design Week talk, the one about "
            "patients who stop filling in their diaries. My master's thesis asks exactly why "
            "they stop. Would you be willing to answer five questions by message? I'll send you "
            "the findings before anyone else reads them."
        ),
    ),
    Ask(
        sender="gary",
        recipient="ana",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=1,
        note=(
            "I sent you a contact request because I am building a wide network here. I am a "
            "business growth consultant with twenty years of experience in sales, strategy and "
            "operations. If you have need of any of my services here in the UK, in Europe or in "
            "other countries, I hope I can help you. Also, if you know of others who could "
            "benefit from my services, I would appreciate you referring me to them."
        ),
        offer="A free 30-minute growth consultation.",
        leaflet=True,
    ),
    Ask(
        sender="chad",
        recipient="ana",
        context="other",
        detail=_CHAD_DETAIL,
        days_ago=3,
        note=(
            "Hi there! I'm always looking to expand my network with talented professionals. I'm "
            "a talent partner at TalentBridge Global and I work with the best companies in tech. "
            "Accept my invite and let's stay connected. You never know when an opportunity might "
            "come up!"
        ),
        leaflet=True,
    ),
    # From Ana: one of her own, still waiting.
    Ask(
        sender="ana",
        recipient="elena",
        context="gathering",
        detail="Manchester Social Science Festival",
        days_ago=5,
        note=(
            "Hi Elena, I was at your festival talk on why we hold about 150 relationships. I "
            "design a diary that patients share with their care team, and your point about "
            "tie decay made me wonder whether we remind people too often. Could I ask you two "
            "questions about it? Happy to show you what patients tell us, if it's useful."
        ),
    ),
    # To Ben.
    Ask(
        sender="otieno",
        recipient="ben",
        context="introduced",
        introducer="wanjiru",
        days_ago=3,
        note=(
            "Hi Ben, Wanjiru introduced us. She says you solved sync conflicts for meter "
            "readings taken offline, which is exactly where our field app is stuck: two agents "
            "edit the same farm record without signal. How did you decide which write wins? "
            "In return I can tell you everything we learned about cheap Android phones."
        ),
    ),
    Ask(
        sender="samuel",
        recipient="ben",
        context="gathering",
        detail="Engineering careers evening, University of Manchester",
        days_ago=5,
        note=(
            "Ben, thank you for staying after the careers evening to talk about Brightwater's "
            "member sign-up. My dissertation is on how households read their energy bills. "
            "Would it help if I tested your new form with some of my participants? I'd also "
            "love to hear how you moved from engineer to manager."
        ),
        offer="Usability sessions with five households from my study.",
    ),
    Ask(
        sender="chad",
        recipient="ben",
        context="other",
        detail=_CHAD_DETAIL,
        days_ago=2,
        note=(
            "Hello! I'm growing my network of engineering leaders. TalentBridge places senior "
            "engineers with top-tier clients worldwide. Please accept and send me the CVs of "
            "anyone on your team who might be open to new roles."
        ),
        leaflet=True,
    ),
    Ask(
        sender="gary",
        recipient="ben",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=1.5,
        note=(
            "Some have asked me how I added so many people to my network in just a few short "
            "weeks. The answer is that I work several hours every day at making contacts. I "
            "help companies grow revenue in the US, Europe and other countries. If you know "
            "anyone who needs my services, I would be grateful for a referral."
        ),
        leaflet=True,
    ),
    Ask(
        sender="rohan",
        recipient="ben",
        context="other",
        detail="We are both in tech",
        days_ago=4,
        note=(
            "I'm the founder of Pitchwise, the AI assistant that books 3x more sales meetings. "
            "We're offering early customers 40% off this month. I'd love to add you to my "
            "network and show you a demo. Could you also introduce me to whoever runs sales "
            "at your company?"
        ),
        leaflet=True,
    ),
    # From Ben.
    Ask(
        sender="ben",
        recipient="camille",
        context="gathering",
        detail="European community energy gathering, Ghent",
        days_ago=8,
        note=(
            "Camille, in Ghent you said French co-ops keep rebuilding the same member software. "
            "We've just rewritten ours at Brightwater and would happily open-source it. Which "
            "parts would matter most to the co-ops you advise? A call in the next few weeks?"
        ),
        offer="Our member sign-up and payout code, under an open licence.",
    ),
    # Elsewhere: the collectors fill their budgets, a few real requests wait.
    Ask(
        sender="chad",
        recipient="priya",
        context="other",
        detail=_CHAD_DETAIL,
        days_ago=5,
        note=(
            "Hi! I'm always looking to expand my network with talented engineers. Accept my "
            "invite and let's stay connected. You never know when an opportunity might come up!"
        ),
        leaflet=True,
    ),
    Ask(
        sender="chad",
        recipient="wei",
        context="other",
        detail=_CHAD_DETAIL,
        days_ago=6,
        note=(
            "Hello! I'm expanding my network with top AI talent. My clients are hiring. "
            "Accept my invite and let's stay connected!"
        ),
        leaflet=True,
    ),
    Ask(
        sender="chad",
        recipient="kavya",
        context="other",
        detail=_CHAD_DETAIL,
        days_ago=1,
        note=(
            "Hi there! Always happy to connect with data professionals. I work with the best "
            "companies worldwide. Let's stay connected!"
        ),
        leaflet=True,
    ),
    Ask(
        sender="gary",
        recipient="hannah",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=2.5,
        note=(
            "I am a business growth consultant building a wide network. If you have need of "
            "any of my services I hope I can help you, and I would appreciate referrals to "
            "others who could benefit."
        ),
        leaflet=True,
    ),
    Ask(
        sender="gary",
        recipient="jonas",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=3.5,
        note=(
            "I wanted to tell you a little more about myself. I have twenty years of experience "
            "in sales and strategy and have helped many companies grow. Please refer me to "
            "anyone who could use my services."
        ),
        leaflet=True,
    ),
    Ask(
        sender="gary",
        recipient="marcus",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=4.5,
        note=(
            "I help businesses grow in the US, Europe and other countries. I am working several "
            "hours a day at building my network. Let me know if you need my services."
        ),
        leaflet=True,
    ),
    Ask(
        sender="rohan",
        recipient="aisha",
        context="other",
        detail="We are both in tech",
        days_ago=3,
        note=(
            "Pitchwise books 3x more sales meetings with AI. Early customers get 40% off this "
            "month. Can I show you a demo, and could you refer me to your head of sales?"
        ),
        leaflet=True,
    ),
    Ask(
        sender="amani",
        recipient="kavya",
        context="introduced",
        introducer="wanjiru",
        days_ago=7,
        note=(
            "Hi Kavya, Wanjiru said you forecast warehouse demand and once worked on crop "
            "prices. I'm forecasting maize prices for my thesis and my model falls apart every "
            "harvest. Could I show you one plot and ask what you'd check first? I can help "
            "with Swahili surveys if that's ever useful to you."
        ),
    ),
    Ask(
        sender="mehmet",
        recipient="arjun",
        context="conversation",
        detail="Your talk on write-heavy Postgres at PGConf",
        days_ago=9,
        note=(
            "Arjun, your PGConf talk on partitioning truck positions could have been about our "
            "bike locks. Did you ever regret partitioning by day rather than by fleet? Happy to "
            "share our numbers if you're curious how it looks at a smaller scale."
        ),
    ),
    # Long unanswered: expired. Nobody was told anything.
    Ask(
        sender="gary",
        recipient="siobhan",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=60,
        note=(
            "I sent you a contact request earlier. I have since become a PowerNetworker and "
            "wanted to tell you a little more about myself and my services."
        ),
        leaflet=True,
    ),
    Ask(
        sender="gary",
        recipient="tom",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=45,
        note=(
            "I am building a wide network of business leaders. If you know of others who could "
            "benefit from my services, I would appreciate you relating me to them."
        ),
        leaflet=True,
    ),
    Ask(
        sender="gary",
        recipient="wanjiru",
        context="other",
        detail=_GARY_DETAIL,
        days_ago=75,
        note=(
            "I help companies grow in the US, Europe and other countries. Please accept my "
            "request and let me know if you need my services."
        ),
        leaflet=True,
    ),
    Ask(
        sender="chad",
        recipient="yusuf",
        context="other",
        detail=_CHAD_DETAIL,
        days_ago=40,
        note=(
            "Hi there! I'm always looking to expand my network with talented professionals. "
            "Let's connect!"
        ),
        leaflet=True,
    ),
)
