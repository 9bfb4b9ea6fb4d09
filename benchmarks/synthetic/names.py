"""Name material for the synthetic corpus: real country names give readable text; people,
outlets, organisations and plans are made up from the word lists here.

Order matters: the generator draws from these lists with a seeded random stream, so
changing, adding or reordering an entry changes every generated corpus.
"""

from __future__ import annotations

#: name | capital | demonym | memberships (N: NATO, E: EU, G: G7, J: JEF, D: NORDEFCO)
STATES = """\
Ukraine|Kyiv|Ukrainian|
Russia|Moscow|Russian|
United States|Washington|American|NG
United Kingdom|London|British|NGJ
France|Paris|French|NEG
Italy|Rome|Italian|NEG
Germany|Berlin|German|NEG
Poland|Warsaw|Polish|NE
Spain|Madrid|Spanish|NE
Netherlands|The Hague|Dutch|NEJ
Belgium|Brussels|Belgian|NE
Denmark|Copenhagen|Danish|NEJD
Sweden|Stockholm|Swedish|NEJD
Finland|Helsinki|Finnish|NEJD
Norway|Oslo|Norwegian|NJD
Estonia|Tallinn|Estonian|NEJ
Latvia|Riga|Latvian|NEJ
Lithuania|Vilnius|Lithuanian|NEJ
Romania|Bucharest|Romanian|NE
Bulgaria|Sofia|Bulgarian|NE
Greece|Athens|Greek|NE
Portugal|Lisbon|Portuguese|NE
Czech Republic|Prague|Czech|NE
Slovakia|Bratislava|Slovak|NE
Hungary|Budapest|Hungarian|NE
Slovenia|Ljubljana|Slovenian|NE
Croatia|Zagreb|Croatian|NE
Austria|Vienna|Austrian|E
Ireland|Dublin|Irish|E
Canada|Ottawa|Canadian|NG
Turkey|Ankara|Turkish|N
Iceland|Reykjavik|Icelandic|NJD
Albania|Tirana|Albanian|N
Montenegro|Podgorica|Montenegrin|N
Moldova|Chisinau|Moldovan|
Georgia|Tbilisi|Georgian|
Belarus|Minsk|Belarusian|
Serbia|Belgrade|Serbian|
Switzerland|Bern|Swiss|
Japan|Tokyo|Japanese|G
South Korea|Seoul|South Korean|
Australia|Canberra|Australian|
China|Beijing|Chinese|
India|New Delhi|Indian|
Brazil|Brasília|Brazilian|
South Africa|Pretoria|South African|
Saudi Arabia|Riyadh|Saudi|
Qatar|Doha|Qatari|
United Arab Emirates|Abu Dhabi|Emirati|
Israel|Jerusalem|Israeli|
Egypt|Cairo|Egyptian|
Iran|Tehran|Iranian|
Kazakhstan|Astana|Kazakh|
Azerbaijan|Baku|Azerbaijani|
Armenia|Yerevan|Armenian|
Mexico|Mexico City|Mexican|
Argentina|Buenos Aires|Argentine|
Indonesia|Jakarta|Indonesian|
Nigeria|Abuja|Nigerian|
Kenya|Nairobi|Kenyan|
Cyprus|Nicosia|Cypriot|E
"""

#: id | label | type | membership letter (see STATES) | surface forms (;-separated)
BODIES = """\
european-union|European Union|intergovernmental-body|E|EU;the bloc
european-commission|European Commission|intergovernmental-body||Commission
united-nations|United Nations|intergovernmental-body||UN
un-security-council|UN Security Council|intergovernmental-body||Security Council
osce|Organization for Security and Co-operation in Europe|intergovernmental-body||OSCE
g7|Group of Seven|intergovernmental-body|G|G7
council-of-europe|Council of Europe|intergovernmental-body||
african-union|African Union|intergovernmental-body||AU
iaea|International Atomic Energy Agency|intergovernmental-body||IAEA
ukraine-defense-contact-group|Ukraine Defense Contact Group|intergovernmental-body||Ramstein group
joint-expeditionary-force|Joint Expeditionary Force|alliance|J|JEF
nordefco|Nordic Defence Cooperation|alliance|D|NORDEFCO
european-defence-agency|European Defence Agency|intergovernmental-body||EDA
"""

FIRST_NAMES = (
    "Anna Maria Jan Piotr Katarzyna Tomasz Elena Marco Giulia Luca Sophie Pierre Claire Louis "
    "Hanna Lukas Lena Jonas Sara Erik Ingrid Mikkel Freja Oskar Aino Juha Liis Kristjan Ilze "
    "Janis Ruta Tomas Ioana Andrei Maria Nikos Eleni Ana Joao Petra Martin Zuzana Peter Eva "
    "Ivan Marta Daniel Laura David Emma James Olivia Thomas Charlotte Robert Helen Michael "
    "Sarah Oleksandr Iryna Dmytro Olena Sergei Natalia Yuri Aliya Arman Giorgi Nino Ahmed "
    "Layla Omar Yusuf Akira Yuki Min-jun Ji-woo Carlos Lucia Mateo Camila Chiara Matteo Ines "
    "Rui Agnieszka Bartosz Magdalena Krzysztof Henrik Astrid Nils Ulla Viktor Milena Dragan"
).split()
LAST_NAMES = (
    "Nowak Kowalski Wisniewski Rossi Bianchi Ferrari Martin Bernard Dubois Lefebvre Schmidt "
    "Muller Weber Wagner Becker Jensen Nielsen Hansen Andersson Johansson Lindqvist Virtanen "
    "Korhonen Tamm Saar Berzins Kalnins Petrauskas Kazlauskas Popescu Ionescu Georgiou "
    "Papadopoulos Silva Santos Novak Horvat Kovac Dvorak Svoboda Szabo Toth Nagy Murphy Kelly "
    "Smith Jones Taylor Brown Walker Clarke Wright Hughes Evans Turner Campbell Stewart "
    "Shevchenko Kovalenko Bondarenko Tkachenko Melnyk Ivanov Petrov Sokolov Volkov Orlov "
    "Beridze Kapanadze Aliyev Hasanov Nazarbayeva Tanaka Sato Suzuki Kim Park Lee Garcia "
    "Fernandez Lopez Martinez Moreau Laurent Fontaine Costa Pereira Almeida Janssen DeVries "
    "Peeters Maes Olsen Berg Haugen Lund Holm Eriksen Larsen Lehtonen Niemi Ozturk Yilmaz "
    "Demir Kaya Hoxha Markovic Jovanovic Petrovic Ilic Kaminski Lewandowski Zielinski "
    "Mazur Krawczyk Romano Greco Conti Marino Ricci Bruno Gallo Fischer Hoffmann Schulz"
).split()
OUTLET_WORDS_A = (
    "Baltic Danube Atlantic Continental Northern Eastern Western Central Capital Harbour "
    "Frontier Meridian Coastal Alpine Evening Morning Daily Weekly Global National"
).split()
OUTLET_WORDS_B = (
    "Herald Post Times Wire Observer Courier Gazette Tribune Monitor Review Journal Dispatch "
    "Chronicle Express Ledger Signal Bulletin Standard Record Sentinel"
).split()
ORG_WORDS_A = (
    "Atlantic Eurasian Nordic Baltic Carpathian Danube Meridian Vanguard Horizon Keystone "
    "Sentinel Bastion Aegis Granite Summit Harbour Beacon Compass"
).split()
ORG_WORDS_B = (
    "Institute for Security Studies|Defence Systems|Aerospace|Policy Centre|Peace Foundation|"
    "Humanitarian Alliance|Shipbuilding|Strategy Forum|Relief Agency|Energy Group|"
    "Council on Foreign Relations|Demining Trust|Logistics|Cyber Defence Lab"
).split("|")
OTHER_PLACES = (
    "Odesa|Kharkiv|Zaporizhzhia|Dnipro|Lviv|Donbas|Crimea|Black Sea|Baltic Sea|Kaliningrad|"
    "Suwałki Gap|Transnistria|Geneva|Istanbul|Munich|Davos|Ramstein Air Base|Rzeszów|Gdańsk|"
    "Constanța|Narva|Sevastopol|Kherson|Mariupol|Bakhmut|Vilnius Airport|Jeddah|Riyadh Summit|"
    "Brussels Summit Hall|Camp David|Hiroshima|Strasbourg|The Hague Forum|Reykjavik Harbour"
).split("|")
ROLES = ("president", "prime minister", "defence minister", "foreign minister")
ROLE_LABEL = {
    "president": "President",
    "prime minister": "Prime Minister",
    "defence minister": "Defence Minister",
    "foreign minister": "Foreign Minister",
}
PROPOSAL_TOPICS = (
    "air defence coalition",
    "ceasefire monitoring mission",
    "reconstruction fund",
    "grain export corridor",
    "demining programme",
    "border security pact",
    "training mission",
    "peacekeeping force",
    "sanctions package",
    "energy security compact",
    "naval escort mission",
    "air policing mission",
    "arms procurement initiative",
    "refugee support plan",
    "cyber defence partnership",
    "prisoner exchange framework",
    "peace framework",
    "accession roadmap",
    "security guarantee package",
    "reassurance force",
)
PROPOSAL_PARTS = (
    "initial training phase",
    "air component",
    "maritime component",
    "financing mechanism",
    "monitoring arrangements",
    "logistics hub",
    "command structure",
    "land component",
)
TOPIC_CAPS = {
    "air defence coalition": ["air-defence"],
    "ceasefire monitoring mission": ["coordination"],
    "reconstruction fund": ["equipment"],
    "grain export corridor": ["border-control"],
    "demining programme": ["equipment", "training"],
    "border security pact": ["border-control"],
    "training mission": ["training"],
    "peacekeeping force": ["troops"],
    "sanctions package": ["coordination"],
    "energy security compact": ["equipment"],
    "naval escort mission": ["troops", "equipment"],
    "air policing mission": ["air-support"],
    "arms procurement initiative": ["arms"],
    "refugee support plan": ["coordination"],
    "cyber defence partnership": ["intelligence"],
    "prisoner exchange framework": ["coordination"],
    "peace framework": ["security-guarantees"],
    "accession roadmap": ["defence-commitments"],
    "security guarantee package": ["security-guarantees", "arms"],
    "reassurance force": ["troops", "reinforcement"],
}
CAP_PHRASE = {
    "troops": "troops",
    "combat-troops": "combat troops",
    "equipment": "military equipment",
    "air-support": "air support",
    "intelligence": "intelligence",
    "arms": "weapons",
    "air-defence": "air-defence systems",
    "border-control": "border control",
    "coordination": "coordination",
    "training": "training",
    "reinforcement": "reinforcements",
    "security-guarantees": "security guarantees",
    "defence-commitments": "defence commitments",
}
CONDITIONS = (
    "once hostilities cease",
    "provided a ceasefire holds",
    "if parliament approves the mission",
    "as part of a peace agreement",
    "subject to a UN mandate",
    "after a ceasefire is signed",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FILLERS = (
    "Officials did not give a timeline.",
    "The talks come amid renewed shelling in the east.",
    "Fighting continued along the front line overnight.",
    "Details of the plan have not been published.",
    "Diplomats described the atmosphere as businesslike.",
    "The discussions are set to continue next month.",
    "Neither side commented on the reports.",
    "Markets reacted calmly to the news.",
    "The meeting lasted several hours.",
    "Further talks are planned at the level of deputies.",
    "Analysts said the move reflects growing pressure on the alliance.",
    "The statement was published on the government’s website.",
)
#: outcomes that are not a capability somewhere: ``{w}`` is the place they happen
OUTCOME_PATTERNS = (
    "A ceasefire in {w}",
    "Elections in {w}",
    "Sanctions relief for {w}",
    "A lasting peace in {w}",
    "{w} joins the European Union",
    "{w} cedes territory in the east",
    "A peace agreement for {w}",
)
