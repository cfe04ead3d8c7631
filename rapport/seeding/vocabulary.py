"""The words a generated community is made of: names, places, organisations, interests,
and the sentences people write to each other.

Plain data. Names come from many languages because real communities do; places carry
a weight so a few cities hold most members, as they do in life.
"""

from __future__ import annotations

# fmt: off

FIRST_NAMES = (
    "Ana", "Ben", "Priya", "Tomás", "Amara", "Kenji", "Fatima", "Lukas", "Chloé", "Oluwaseun",
    "Mei", "Rafael", "Ingrid", "Arjun", "Zanele", "Hugo", "Leila", "Dmitri", "Grace", "Mateo",
    "Aisha", "Finn", "Yuki", "Camila", "Kwame", "Sofia", "Rohan", "Elif", "Jonas", "Nadia",
    "Samuel", "Ines", "Tariq", "Hannah", "Diego", "Ayumi", "Emeka", "Clara", "Vikram", "Lena",
    "Omar", "Beatriz", "Sipho", "Marta", "Hiroshi", "Noor", "Pierre", "Wanjiru", "Oscar", "Anjali",
    "Mikael", "Lucía", "Chidi", "Freya", "Ravi", "Yasmin", "Felix", "Adaeze", "Paulo", "Keiko",
    "Hamza", "Astrid", "Kofi", "Julia", "Sanjay", "Thandiwe", "Erik", "Valentina", "Juma", "Maya",
    "Andrei", "Nia", "Luca", "Farah", "Tobias", "Ngozi", "Mariana", "Daniel", "Sakura", "Idris",
    "Eva", "Carlos", "Amina", "Henrik", "Rosa", "Kavya", "Joseph", "Saoirse", "Ibrahim", "Lotte",
    "Tendai", "Alice", "Matías", "Rania", "Stefan", "Asha", "Noah", "Ewa", "Musa", "Charlotte",
    "Aditya", "Hana", "Bruno", "Zainab", "Oliver", "Mireille", "Kaito", "Esther", "Gabriel", "Sana",
    "Niamh", "Ahmed", "Isabel", "Taro", "Abena", "Leon", "Divya", "Jakub", "Folake", "Manon",
    "Yusuf", "Ruth", "Nikos", "Chiara", "Malik", "Aiko", "Teresa", "Emmanuel", "Signe", "Haruto",
    "Layla", "Marco", "Precious", "Jin", "Agnieszka", "Kemal", "Laura", "Dev", "Bongani", "Helena",
    "Akira", "Soraya", "Viktor", "Imani", "Joaquín", "Priyanka", "Anders", "Eilidh", "Salma",
    "Dario", "Wei", "Nomvula", "Tom", "Meera",
)

LAST_NAMES = (
    "Ruiz", "Okafor", "Raman", "Schmidt", "Tanaka", "Mensah", "Silva", "Kowalski", "Dubois",
    "Nguyen", "Haddad", "Andersson", "Patel", "Mwangi", "Rossi", "O'Brien", "Yilmaz", "Kim",
    "García", "Novak", "Adeyemi", "Lindqvist", "Sato", "Moreau", "Chen", "Ferreira", "Müller",
    "Banerjee", "Otieno", "Jensen", "Costa", "Kaur", "Ivanova", "Murphy", "Hassan", "Larsen",
    "Fernández", "Wright", "Nakamura", "Abubakar", "Petrov", "Lopez", "Dlamini", "Fischer", "Gupta",
    "Walsh", "Morales", "Berg", "Suzuki", "Eze", "Romano", "Khan", "Nielsen", "Santos", "Cohen",
    "Kariuki", "Hoffmann", "Reddy", "Byrne", "Alvarez", "Ito", "Boateng", "Bianchi", "Rahman",
    "Johansson", "Oliveira", "Weber", "Iyer", "Kelly", "Torres", "Watanabe", "Nwosu", "Lefebvre",
    "Ahmed", "Hansen", "Pereira", "Wagner", "Desai", "Gallagher", "Ramos", "Kobayashi", "Achieng",
    "Marino", "Ali", "Eriksson", "Sousa", "Becker", "Menon", "Doyle", "Castillo", "Yamamoto", "Obi",
    "Laurent", "Hussain", "Pedersen", "Carvalho", "Schulz", "Nair", "Ryan", "Vargas", "Kato",
    "Owusu", "Greco", "Malik", "Olsen", "Rocha", "Koch", "Pillai", "Quinn", "Herrera", "Yoshida",
    "Chukwu", "Girard", "Siddiqui", "Svensson", "Almeida", "Richter", "Joshi", "Brennan", "Mendoza",
    "Ogunleye", "Fontaine", "Mirza", "Dahl", "Teixeira", "Klein", "Chopra", "Nolan", "Ortiz",
    "Matsumoto", "Ndlovu", "Conti", "Qureshi", "Holm", "Barbosa", "Wolf", "Kapoor", "Hughes",
    "Nilsson", "Ansah", "Mercier", "Sharma", "Lund", "Cardoso", "Krüger", "Bose", "Fitzgerald",
)

# (city, country, weight): the weight is roughly how many members live there.
PLACES = (
    ("London", "UK", 60), ("Manchester", "UK", 22), ("Leeds", "UK", 10), ("Bristol", "UK", 9),
    ("Glasgow", "UK", 8), ("Edinburgh", "UK", 9), ("Birmingham", "UK", 10), ("Oxford", "UK", 5),
    ("Cambridge", "UK", 5), ("Cardiff", "UK", 5), ("Belfast", "UK", 4), ("Dublin", "Ireland", 14),
    ("Cork", "Ireland", 3), ("Berlin", "Germany", 35), ("Munich", "Germany", 14),
    ("Hamburg", "Germany", 11), ("Cologne", "Germany", 7), ("Leipzig", "Germany", 4),
    ("Paris", "France", 38), ("Lyon", "France", 9), ("Toulouse", "France", 5),
    ("Bordeaux", "France", 4), ("Lille", "France", 4), ("Amsterdam", "Netherlands", 18),
    ("Rotterdam", "Netherlands", 6), ("Utrecht", "Netherlands", 4), ("Brussels", "Belgium", 9),
    ("Ghent", "Belgium", 3), ("Copenhagen", "Denmark", 9), ("Aarhus", "Denmark", 3),
    ("Stockholm", "Sweden", 11), ("Gothenburg", "Sweden", 4), ("Oslo", "Norway", 7),
    ("Helsinki", "Finland", 6), ("Tallinn", "Estonia", 3), ("Warsaw", "Poland", 10),
    ("Kraków", "Poland", 5), ("Prague", "Czechia", 7), ("Vienna", "Austria", 9),
    ("Zürich", "Switzerland", 8), ("Geneva", "Switzerland", 4), ("Milan", "Italy", 12),
    ("Rome", "Italy", 9), ("Turin", "Italy", 4), ("Bologna", "Italy", 3), ("Madrid", "Spain", 16),
    ("Barcelona", "Spain", 16), ("Valencia", "Spain", 6), ("Seville", "Spain", 4),
    ("Lisbon", "Portugal", 10), ("Porto", "Portugal", 5), ("Athens", "Greece", 6),
    ("Istanbul", "Türkiye", 14), ("Bucharest", "Romania", 5), ("Budapest", "Hungary", 6),
    ("Tel Aviv", "Israel", 8), ("Dubai", "UAE", 9), ("Cairo", "Egypt", 8),
    ("Casablanca", "Morocco", 4), ("Lagos", "Nigeria", 16), ("Abuja", "Nigeria", 5),
    ("Accra", "Ghana", 8), ("Nairobi", "Kenya", 14), ("Kigali", "Rwanda", 4),
    ("Addis Ababa", "Ethiopia", 5), ("Kampala", "Uganda", 4), ("Dar es Salaam", "Tanzania", 4),
    ("Johannesburg", "South Africa", 10), ("Cape Town", "South Africa", 9),
    ("Bengaluru", "India", 30), ("Mumbai", "India", 22), ("Delhi", "India", 20),
    ("Hyderabad", "India", 12), ("Pune", "India", 10), ("Chennai", "India", 10),
    ("Kolkata", "India", 5), ("Karachi", "Pakistan", 6), ("Lahore", "Pakistan", 5),
    ("Dhaka", "Bangladesh", 6), ("Colombo", "Sri Lanka", 3), ("Singapore", "Singapore", 16),
    ("Kuala Lumpur", "Malaysia", 7), ("Jakarta", "Indonesia", 9), ("Bangkok", "Thailand", 8),
    ("Ho Chi Minh City", "Vietnam", 7), ("Hanoi", "Vietnam", 4), ("Manila", "Philippines", 8),
    ("Hong Kong", "China", 9), ("Shanghai", "China", 8), ("Taipei", "Taiwan", 6),
    ("Seoul", "South Korea", 11), ("Tokyo", "Japan", 20), ("Osaka", "Japan", 8),
    ("Kyoto", "Japan", 3), ("Sydney", "Australia", 14), ("Melbourne", "Australia", 13),
    ("Brisbane", "Australia", 5), ("Perth", "Australia", 4), ("Auckland", "New Zealand", 6),
    ("Wellington", "New Zealand", 3), ("Toronto", "Canada", 18), ("Montréal", "Canada", 11),
    ("Vancouver", "Canada", 10), ("Ottawa", "Canada", 4), ("Calgary", "Canada", 4),
    ("New York", "USA", 40), ("San Francisco", "USA", 26), ("Seattle", "USA", 12),
    ("Boston", "USA", 13), ("Chicago", "USA", 12), ("Austin", "USA", 10), ("Denver", "USA", 7),
    ("Los Angeles", "USA", 14), ("Atlanta", "USA", 7), ("Washington", "USA", 10),
    ("Portland", "USA", 5), ("Minneapolis", "USA", 4), ("Pittsburgh", "USA", 4),
    ("Mexico City", "Mexico", 14), ("Guadalajara", "Mexico", 5), ("Bogotá", "Colombia", 8),
    ("Medellín", "Colombia", 5), ("Lima", "Peru", 6), ("Santiago", "Chile", 7),
    ("Buenos Aires", "Argentina", 11), ("São Paulo", "Brazil", 18), ("Rio de Janeiro", "Brazil", 8),
    ("Montevideo", "Uruguay", 3),
)

# Organisation names are made of three parts, so thousands of them read differently.
ORG_STEMS = (
    "Fieldnote", "Northwind", "Bluebell", "Kestrel", "Harbour", "Lantern", "Juniper", "Cobalt",
    "Meridian", "Saltmarsh", "Ironbridge", "Foxglove", "Tidewater", "Heron", "Ember", "Granite",
    "Willow", "Quarry", "Beacon", "Orchard", "Larch", "Wayfarer", "Copperleaf", "Skylark",
    "Driftwood", "Alder", "Canopy", "Flint", "Moorland", "Riverbend", "Sundial", "Thistle",
    "Waypoint", "Amber", "Basalt", "Compass", "Dovetail", "Estuary", "Fable", "Greenway", "Hearth",
    "Inkwell", "Jetty", "Keystone", "Loom", "Marigold", "Nettle", "Oakmoss", "Pebble", "Quill",
    "Rowan", "Sorrel", "Trellis", "Umber", "Vantage", "Wren", "Yarrow", "Zephyr", "Atlas",
    "Bramble", "Cinder", "Delta", "Eddy", "Fern", "Glade", "Hollow", "Isle", "Kiln", "Lichen",
    "Magpie", "Nimbus", "Otter", "Pine", "Ridge", "Spindle", "Thimble", "Upland", "Vireo", "Weald",
    "Anchor", "Birch", "Cairn", "Dune", "Elm",
)
ORG_SECTORS = (
    ("Health", "health tech"), ("Energy", "clean energy"), ("Mobility", "urban mobility"),
    ("Finance", "fintech"), ("Logistics", "logistics"), ("Foods", "food systems"),
    ("Learning", "education"), ("Analytics", "data science"), ("Robotics", "robotics"),
    ("Design", "service design"), ("Media", "journalism"), ("Legal", "legal tech"),
    ("Bio", "biotech"), ("Climate", "climate adaptation"), ("Housing", "housing"),
    ("Security", "security"), ("Games", "game design"), ("Labs", "research"),
    ("Works", "manufacturing"), ("Care", "social care"), ("Water", "water"),
    ("Agritech", "agriculture"), ("Studio", "architecture"), ("Retail", "retail"),
    ("Insurance", "insurance"), ("Software", "software engineering"), ("Space", "space"),
    ("Telecom", "telecoms"), ("Textiles", "fashion"), ("Travel", "travel"),
)
ORG_FORMS = (
    "", "", "", " Co-op", " Ltd", " Group", " Collective", " Foundation", " Partners", " & Co",
    " Institute", " Trust",
)

ROLES = (
    "Product designer", "Software engineer", "Staff engineer", "Engineering manager",
    "Data scientist", "Product manager", "Researcher", "Head of operations", "Founder",
    "Co-founder", "Nurse practitioner", "Urban planner", "Community organiser", "Policy adviser",
    "Accountant", "Teacher", "Lecturer", "PhD student", "Marketing lead", "Sales director",
    "Recruiter", "Journalist", "Editor", "Architect", "Civil engineer", "Mechanical engineer",
    "Electrician", "Lawyer", "Paralegal", "Pharmacist", "General practitioner", "Social worker",
    "Farmer", "Supply chain analyst", "Logistics coordinator", "UX researcher", "Content designer",
    "Developer advocate", "Security engineer", "Site reliability engineer", "Chief executive",
    "Chief technology officer", "Finance director", "Grant writer", "Programme manager",
    "Consultant", "Translator", "Photographer", "Illustrator", "Chef", "Bookshop owner",
    "Librarian", "Museum curator", "Economist", "Statistician", "Climate scientist", "Hydrologist",
    "Biologist", "Chemist", "Lab technician", "Operations analyst", "Customer success lead",
    "Procurement manager", "Mentor", "Board member", "Investor", "Student", "Career changer",
    "Volunteer coordinator",
)

# The hand-written head of the interest distribution: common topics many members share.
INTERESTS_COMMON = (
    "hiring", "mentoring", "climate", "product design", "open source", "accessibility",
    "data science", "machine learning", "public health", "urban planning", "jazz", "running",
    "cycling", "photography", "cooking", "gardening", "reading", "travel", "writing", "podcasts",
    "chess", "football", "yoga", "hiking", "volunteering", "startups", "leadership", "education",
    "economics", "policy", "sustainability", "design research", "service design", "plain language",
    "user research", "fintech", "health tech", "clean energy", "housing", "transport",
    "food systems", "community building", "public speaking", "career change", "parenting",
    "languages", "history", "philosophy", "film", "theatre", "music production", "guitar", "piano",
    "choir", "ceramics", "woodworking", "knitting", "painting", "sketching", "zines", "poetry",
    "board games", "video games", "swimming", "climbing", "tennis", "basketball", "cricket",
    "rugby", "sailing", "birdwatching", "astronomy", "wine", "coffee", "baking", "fermentation",
    "beekeeping", "permaculture", "repair cafés", "mutual aid", "trade unions", "co-ops",
    "social enterprise", "impact investing", "microfinance", "supply chains", "robotics", "space",
    "biotech", "neuroscience", "psychology", "behavioural science", "statistics", "visualisation",
    "cartography", "maps", "typography", "illustration", "architecture", "interior design",
    "fashion", "textiles", "journalism", "fact-checking", "law", "human rights", "migration",
    "refugee support", "elder care", "disability rights", "mental health", "nutrition", "sleep",
    "meditation", "nursing", "pharmacy", "agriculture", "water", "forestry", "ocean conservation",
    "rewilding", "circular economy", "electric vehicles", "rail", "aviation", "logistics", "retail",
    "hospitality", "tourism", "museums", "libraries", "archives", "genealogy", "local history",
    "security", "privacy", "cryptography", "distributed systems", "databases", "devops", "testing",
    "Python", "Rust", "JavaScript", "Go", "Django", "Kubernetes", "embedded systems", "hardware",
    "3D printing", "electronics", "amateur radio", "drones", "cybernetics", "systems thinking",
    "complexity", "networks", "sociology", "anthropology", "linguistics", "translation",
    "negotiation", "facilitation", "coaching", "mediation", "conflict resolution", "fundraising",
    "grant writing", "nonprofits", "philanthropy", "civic tech", "open data", "procurement",
    "public sector", "digital government", "smart cities", "resilience", "disaster response",
    "humanitarian work", "global health", "vaccines", "epidemiology",
)
# The long tail: specific, often shared by a handful of members only.
INTEREST_QUALIFIERS = (
    "urban", "rural", "community", "open-source", "low-tech", "slow", "participatory", "feminist",
    "regenerative", "accessible", "small-batch", "experimental", "historical", "Nordic",
    "West African", "Japanese", "Andean", "Baltic", "Caribbean", "Mediterranean", "indie",
    "analogue", "amateur", "wild", "coastal", "alpine", "night", "winter", "youth",
    "intergenerational", "cooperative", "municipal", "neighbourhood", "solar", "tidal", "vintage",
    "modular", "generative", "speculative", "radical",
)
INTEREST_SUBJECTS = (
    "beekeeping", "printmaking", "cartography", "sound design", "choirs", "mushroom foraging",
    "bookbinding", "letterpress", "radio", "film photography", "weaving", "boat building",
    "cheese making", "bread", "tea", "botany", "seed libraries", "kite building", "puppetry",
    "dance", "folk music", "typefaces", "game jams", "hackathons", "makerspaces", "timber framing",
    "stone walling", "map making", "sketchnoting", "zine fairs", "bike repair", "urban farming",
    "composting", "rainwater harvesting", "birding", "stargazing", "orienteering",
    "open water swimming", "tabletop RPGs", "crosswords", "calligraphy", "origami", "synthesisers",
    "field recording", "ceramic glazes", "natural dyes", "community radio", "food co-ops",
    "land trusts", "housing co-ops",
)

GATHERINGS = (
    "the design meetup", "a product breakfast", "the climate tech evening", "the data drinks",
    "a hiring panel", "the open source sprint", "the health tech forum", "a founders' dinner",
    "the women in engineering lunch", "the civic tech night", "a policy roundtable",
    "the accessibility camp", "the community organisers' assembly", "a mentoring circle",
    "the research showcase", "a repair café", "the Python user group", "a careers fair",
)

UNIVERSITIES = (
    "University of Manchester", "TU Berlin", "Sciences Po", "University of Nairobi", "IIT Madras",
    "University of Toronto", "Universidade de Lisboa", "University of Tokyo",
    "University of Cape Town", "Trinity College Dublin", "KTH Stockholm", "ETH Zürich",
    "University of Lagos", "UNAM", "Universidad de Buenos Aires", "University of Melbourne",
    "Seoul National University", "McGill", "University of Edinburgh", "Politecnico di Milano",
)

# Notes on requests: each says how they know the recipient and asks, or offers, something.
# Placeholders: {name} (the recipient's first name), {org}, {city}, {topic}, {event}, {school}.
REQUEST_NOTES = {
    "worked_together": (
        "Hi {name}, it was good working next to you at {org}. I'd like to keep in touch now "
        "that our projects have split. How is the new team treating you?",
        "{name}, I still use the checklist you wrote for our releases at {org}. Can I ask you "
        "about how you'd adapt it for a much smaller team?",
        "Hello {name}! We overlapped at {org} on the {topic} work. I'm picking it up again and "
        "would value ten minutes of your memory of what went wrong the first time.",
        "Hi {name}, thanks again for covering for me during the {topic} launch at {org}. If "
        "you ever need a second pair of eyes on anything, I owe you one.",
    ),
    "studied_together": (
        "Hi {name}, we were in the same cohort at {school}. I saw you moved into {topic}; I'd "
        "love to hear how you made the jump.",
        "{name}! Years since {school}. I'm in {city} now and working on {topic}. Would you "
        "like to catch up over a call sometime this month?",
    ),
    "gathering": (
        "Hi {name}, we spoke after {event} in {city} about {topic}. You mentioned a reading "
        "list; I'd be glad to swap it for the notes I took.",
        "{name}, I enjoyed your question at {event}. I'm working on something close to it "
        "and would like to hear how you'd approach the {topic} side.",
        "Hello {name}, we queued for coffee together at {event} and never finished the "
        "conversation about {topic}. Shall we?",
    ),
    "other": (
        "Hi {name}, we are both in the {topic} group in {city}. I liked your post about "
        "getting started; could I ask you a couple of questions about it?",
        "{name}, a friend passed me your write-up on {topic}. It changed how I run our "
        "sessions. Is there anything I could help you with in return?",
        "Hi {name}, we met at a neighbourhood {topic} day in {city}. I'd like to stay in "
        "touch and hear how your plot is doing this year.",
    ),
    "introduced": (
        "Hi {name}, our mutual friend suggested we talk about {topic}. I'm trying to learn "
        "how others in {city} handle it; what has worked for you?",
        "{name}, I was told you are the person to ask about {topic} in {city}. I'd be "
        "grateful for twenty minutes, and happy to share what we tried.",
    ),
    "conversation": (
        "Hi {name}, following our exchange about {topic}: I'd like to keep the conversation "
        "going here. What are you working on this season?",
    ),
}
# A few members write leaflets: all about themselves, asking for nothing but attention.
LEAFLET_NOTES = (
    "I help companies like yours grow revenue with proven strategies. I'd like to add you to "
    "my professional network. Let me know when you're free for a quick call.",
    "As a results-driven professional with 15 years of experience, I am always expanding my "
    "network of top talent. Please accept my invitation.",
)

OFFERS = (
    "", "", "", "Happy to review a draft or a deck if that's ever useful.",
    "I can introduce you to the people running the {topic} group in {city}.",
    "Glad to share our hiring rubric.", "I could show you how we set up our research panel.",
)

# Messages after the first note. Placeholders: {name} (the addressee), {topic}, {city}.
MESSAGES = (
    "Thanks {name}, that's really helpful.",
    "Good to hear from you! How did the {topic} pilot go in the end?",
    "Are you around {city} next week? Coffee on me.",
    "I read the piece you sent about {topic}. The second half is exactly our problem.",
    "Sorry for the slow reply, the last two weeks were a blur.",
    "Would Thursday at 10 work for a call?", "Thursday works. I'll send a link.",
    "I've put you in touch with someone who did the same migration last year.",
    "Congratulations on the new role, {name}!",
    "Quick question: who did you use for the accessibility audit?",
    "Here's the reading list I promised: three books and a long essay on {topic}.",
    "That intro worked out, we are meeting next month. Thank you.",
    "How are things? It's been a while since {city}.",
    "I'm hiring for a role that might suit someone you know. Can I send you the description?",
    "Happy new year! Let's not leave it another year this time.",
    "I tried your suggestion and it halved the time it takes. Thanks again.",
    "No rush on this, whenever you have a moment.",
    "Could you look at a two-page plan before Friday? Honest comments welcome.",
    "Great seeing you yesterday. Let me know how the talk goes.",
    "I'll be in {city} for the {topic} conference; are you going?", "Sending you the slides now.",
    "Yes, happy to help. What's the deadline?",
    "I disagree a little on the second point, but let's talk it through.",
    "Thank you for thinking of me, {name}.",
    "We finally shipped it! Your feedback in spring made the difference.",
    "Are you still interested in {topic}? There's a small meetup starting here.",
)

HELP_WITH = (
    "reviewing a CV or a portfolio", "a first look at a research plan",
    "introductions to people in {city}", "how we run user research with {topic} groups",
    "setting up a mentoring scheme", "hiring your first engineers",
    "budgets for small grant applications", "plain-language rewrites", "getting started in {topic}",
    "moving into management", "pricing a first product", "what to ask in a salary negotiation",
    "running a community meetup",
)
LOOKING_FOR = (
    "people who have scaled a {topic} team past twenty", "a mentor in {topic}",
    "collaborators for a side project on {topic}", "others in {city} who care about {topic}",
    "advice on moving to {city}", "a co-founder who knows {topic}", "people to practise a talk on",
    "someone who has done a career change into {topic}",
)
BIOS = (
    "I work on {topic} in {city}, mostly with small teams who have more questions than budget.",
    "Before {org} I spent years in a very different job. I like explaining things simply.",
    "Based in {city}. I care about {topic} and about leaving places better than I found them.",
    "I help people get unstuck. Ask me about {topic}, or about the best bakery in {city}.",
    "Learning in public about {topic}; happiest when a conversation changes my mind.",
)
# fmt: on
