"""Word lists for the identification gate (no Django, no I/O).

``COMMON_WORDS`` are ordinary English words, normalised (lower case, no
diacritics). A roster name made only of such words ("Price", "Young", "Rose
Park") is matched cautiously: it needs context that points at a person. The
list also tells the gate that a capitalised word before a surname ("However
Núñez said") is not someone else's given name.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Surnames, given names and nicknames that are also everyday words.
_NAME_WORDS = """
abbey acre acres ash bacon badger bailey baker ball bank banks barber barley barn
barnes barr barrow bass bates bay beach bean bear beard bell bells bench bennet
berry best bird birch bishop black blake bliss bloom blue boat bold bond bone
booth bourne bow bowl bowman boyle bradley branch brand brass bray breeze brewer
briar brick bridge bridges bright broad brook brooke brooks brown buck buckley
bull burn burns bush butcher butler cage cain camp campbell cannon cape card
carpenter carr carter cash castle chamber chambers chance chapel chapman charity
chase cherry chester child church clay clear cliff close cloud coates cole coles
collar cook cooke cooper corn cotton couch court cox crane crisp crook cross
crow crown cruise dale dance dancer dare dart dash dawn day dean deer dell
diamond dove down drake draper duck duke dunn dyer eagle earl east easter eden
edge elder ellis english fair fairy faith falcon fall farmer fear fellow field
fields finch fish fisher fletcher flint flower flowers ford forest forster fort
foster fowler fox frank free freeman french friend frost fry fuller gale gardner
garland gates gay gem gentle gill glass glen glover gold golden good goodman
grace grain grant grave gray green greene grey grove guest guy hall ham hamlet
hand hardy harper hart harvest hatch hawk hay hazel head heart heath hedge hill
hills holland holly holmes honey hood hook hope horn horne house howard hunt
hunter island ivy jack jay jewel joy judge keen kemp kent key king knight lace
lake lamb lamp lance land lane lark law lawn lea leaf lee light lily lime
link lion little lock lodge long lord love lovely lowe luck major mann march
mark marks marsh marshall martin mason master may mayer mead meadow meadows
mercer merry middle mill miller mills mint moon moor moore morning moss mould
mountain nash neat needle nest newman nice noble north norman nurse oak oakes
page paine palmer park parker parks parson pass patience peace peach pearl pease
penny pepper person pierce pike pine piper pitt plant plum pond pool poole
pope porter post potter pound power powers prince proud pride price prior quick
rain ray reader read reed rice rich ridge ring rivers robin rock rocky rook rose
roper ross rowe ruby rush rust sage sailor salt sands savage scott sea seal
sharp shaw sheep shepherd shield ship shore short silver singer skinner slater
small smart smith snow south spark sparks speed spencer spring squire stage star
steel stern steward still stone storm story strange street strong summer summers
sunny swain swan sweet swift tailor tanner taylor temple thatcher thorn thorne
tower town tree tucker turner vale vine wade wake walker wall walls ward warden
ware warren waters watt weaver webb webster well wells west wheeler white
whitehead wild will wind winter wise wolf wood woods wren wright young
"""

# Frequent English words: a capitalised one before a surname is not a given name.
_FREQUENT = """
a able about above abroad accept accepted access according account across act
action actually add added address adopted after afternoon afterwards again
against age agency ago agree agreed agreement ahead aid aim air all allow almost
alone along already also although always am among an analysis and annex annual
another answer any anyone anything april are area areas argued around arrived
article as ask asked assembly at attend attended august authority autumn
available away back background bad based basin basis be became because become
been before began behind being believe below besides better between beyond big
bill board body both brief briefly bring brought budget build building built but
by call called came can capital case cases cause cent central certain chair
chairman change changes chapter chief children choice city civil clearly climate
closed coming comment comments commission committee common community company
concern concerns conference consensus consider context continue control council
country countries course crisis current currently dam data date dear december
decided decision delegate delegates delegation democratic department despite
development dialogue did different difficult director discussion discussions do
does done draft during each early earlier economic economy either else end
energy enough entire especially even evening event events ever every everyone
evidence example except expected experts eventually face fact family far
farmers february federal few final finally financial first five flood floods
following for foreign forum four friday from front full fund funding further
future general given go going good government great group groups had half has
have having he health hence her here herself high him himself his historic
history how however human i if ii iii in including indeed independent initial
inside instead interim international into is issue issues it its itself january
joint july june just justice keep kept key kind know known lack large last late
later latest law leader leaders least leave left legal less let level likely
line list local long lunch made main make making many march matter may maybe
me meanwhile measures media meeting meetings member members men mid might
minister ministry minutes monday month months more morning most moreover mr mrs
ms much must my national natural near nearly need needed needs neither never
nevertheless new news next nine no nobody non none nor not note notes nothing
november now number objective october of off office officer officers official
officials often old on once one only open or order other others otherwise our
out outcome over overall own paper part participant participants particular
parties party past people per perhaps period phase plan please point policy
political possible president press previous private process programme project
proposal proposed public put question questions quite rather really reason
recent recently record region regional report reported reports research
resources review right risk river rivers role round rule rules said same
saturday say says second secretary section security see seen senior september
session sessions set seven several she should side sides since six so social
some someone something sometimes soon source sources speaker special state
statement states still study such summary sunday support sure table take taken
talks team ten than thank thanks that the their them themselves then there
thereafter therefore these they third this those though three through throughout
thursday thus time times to today together told too took total towards track
trade treaty tuesday two under unit united until up upon upstream downstream us
use used usually very via view views vote was water we wednesday week weeks
welcome were what whatever when where whether which while who whole whom whose
why will with within without women work working workshop world would year
years yes yesterday yet you your
"""

COMMON_WORDS: frozenset[str] = _words(_NAME_WORDS) | _words(_FREQUENT)
# Frequent English words: a sentence with none of them is in another language.
ENGLISH_WORDS: frozenset[str] = _words(_FREQUENT) - _words("i ii iii")
# German function words (normalised): two in a sentence make it German,
# where every noun is capitalised ("im Park", "das Mills-Verfahren").
GERMAN_FUNCTION_WORDS: frozenset[str] = _words(
    """der die das den dem des und im am zum zur ein eine einer einem einen
    ist sind sei war wurde wurden wir uns ihr sich mit auf für über nicht
    auch bei vom dass noch nach oder aber wie sehr"""
)

# Forms of address: a name after one is a person, in any case ("mr price").
PERSONAL_HONORIFICS: frozenset[str] = _words(
    """
    mr mrs ms miss mx mister dr prof sir dame madam madame mme mlle monsieur
    herr frau senor senora sra sr dona sheikh sheikha rev reverend excellency
    hon honourable honorable doktor professora amb dra docteur professeur
    srta senorita sayyid sayyida sayed sayeda ustadh ustadha ustaz haj hajj
    hajji hajja sidi lalla
    السيد السيدة الدكتور الدكتورة الاستاذ الاستاذة الشيخ الشيخة معالي سعادة فخامة
    """
) | {"h e"}  # "H.E.": His or Her Excellency, as the gate's plain form reads it

# A word just before a name that says "this is a person" when the name is
# capitalised ("Minister Price", not "the minister best placed").
HONORIFICS: frozenset[str] = _words(
    """
    mr mrs ms miss mx mister dr doctor prof professor sir dame lord lady madam
    madame mme mlle monsieur herr frau senor senora sra sr dona don sheikh
    sheikha imam rabbi father sister brother rev reverend bishop archbishop
    minister deputy ambassador envoy senator congressman congresswoman rep
    representative mp mep president chair chairman chairwoman chairperson
    director secretary colonel col captain capt lieutenant lt general gen
    admiral commander judge justice governor mayor commissioner councillor
    councilor counsellor excellency hon honourable honorable delegate dean
    rector emir prince princess sultan speaker mufti comrade engineer eng
    adviser advisor rapporteur facilitator mediator professora doktor amb dra
    docteur professeur srta senorita sayyid sayyida sayed sayeda ustadh ustadha
    ustaz haj hajj hajji hajja sidi lalla ministre embajador embajadora
    ambassadeur ambassadrice buyukelci bakan sayin bayan baskan baskani vali
    ambasador ambasadorka botschafter botschafterin
    السيد السيدة الدكتور الدكتورة الاستاذ الاستاذة الشيخ الشيخة معالي سعادة فخامة
    """
)

# Verbs of what an institution does (or what is done to a building), after
# it as the subject: "The National Assembly of Ostrel passed the law", "The
# Kessa Grand Mosque was restored". An affiliation named as the actor of one
# of these is the institution, not a person from it.
INSTITUTION_ACTS: frozenset[str] = _words(
    """
    passed adopted approved ratified enacted amended rejected vetoed voted
    financed funded granted lent invested paid bought sold owns owned
    hosted convened organised organized sponsored launched opened closed
    issued published released reported printed broadcast announced
    distributed delivered supplied provided repaired rebuilt built restored
    renovated constructed installed maintained operates operated runs ran
    manages managed trains trained employs employed recruited admitted
    signed ratifies passes adopts approves finances funds hosts convenes
    organises organizes publishes issues reports distributes repairs builds
    restores manages welcomed expanded merged founded established
    """
)
# auxiliaries before such a verb ("was restored", "has financed")
INSTITUTION_AUXILIARIES: frozenset[str] = _words(
    "was were is are has have had will would also then later recently"
)

# Verbs that follow a person's name at the start of a sentence ("Price said").
SPEECH_VERBS: frozenset[str] = _words(
    """
    said says say told tells asked asks added adds argued argues noted notes
    proposed proposes suggested suggests stressed stresses insisted insists
    warned warns replied replies explained explains agreed agrees disagreed
    disagrees objected objects wrote writes urged urges claimed claims recalled
    recalls admitted admits conceded concedes countered counters responded
    responds remarked remarks observed observes pointed called calls spoke
    speaks opened opens closed chaired chairs presented presents thanked thanks
    welcomed welcomes emphasised emphasized emphasises emphasizes questioned
    questions challenged challenges mentioned mentions raised raises offered
    offers rejected rejects accepted accepts confirmed confirms denied denies
    thought thinks believes believed felt feels wants wanted hoped hopes
    expressed expresses acknowledged acknowledges described describes left
    joined joins met meets travelled traveled arrived arrives has had was is
    will would could should might may did does also then himself herself
    """
)

# Determiners before a capitalised word make it a thing, not a person
# ("the Park", "this Stone").
DETERMINERS: frozenset[str] = _words(
    "the a an this that these those our their its every each no some any"
)

# Roles every meeting of a dialogue has: "the chair", "the rapporteur" are
# the meeting's own, not the roster title of that name.
MEETING_ROLES: frozenset[str] = _words(
    """chair chairman chairwoman chairperson rapporteur facilitator mediator
    moderator secretary speaker host convener convenor delegate participant
    observer interpreter translator organiser organizer"""
)
# After a one-word title, a word that makes it someone else's ("the
# director of the film", "the imam at the other mosque").
TITLE_COMPLEMENTS: frozenset[str] = _words("of for at from in to with on")
# After a one-word title, a noun it qualifies: the job as a group or a field,
# not the one holder ("the journalist profession", "the engineer community").
TITLE_GROUP_NOUNS: frozenset[str] = _words(
    """profession professions community communities association associations
    union unions corps trade trades career careers job jobs role roles
    training school schools guild society societies federation federations
    network networks council councils code codes ethics pool pools visa visas
    body bodies class classes world field fields culture cultures workforce
    organisation organisations organization organizations syndicate syndicates
    chamber chambers order orders college colleges association's community's
    profession's union's"""
)
# Between "the" and a title, words of time or rank: "the retired colonel".
TITLE_ADJECTIVES: frozenset[str] = _words(
    "retired former senior junior acting interim current then late old"
)

# Descriptor qualifiers: a gender word near a title or affiliation narrows it.
GENDER_WORDS: dict[str, str] = {
    "woman": "woman",
    "women": "woman",
    "female": "woman",
    "lady": "woman",
    "man": "man",
    "male": "man",
    "gentleman": "man",
}
# "the only …", "the sole …": the text itself claims a description fits one.
UNIQUE_WORDS: frozenset[str] = _words("only sole lone youngest oldest eldest")

HONORIFIC_GENDER: dict[str, str] = {
    "mr": "man",
    "mister": "man",
    "sir": "man",
    "monsieur": "man",
    "herr": "man",
    "senor": "man",
    "sr": "man",
    "don": "man",
    "sheikh": "man",
    "congressman": "man",
    "chairman": "man",
    "sayyid": "man",
    "sayed": "man",
    "السيد": "man",
    "الشيخ": "man",
    "mrs": "woman",
    "srta": "woman",
    "senorita": "woman",
    "dra": "woman",
    "sayyida": "woman",
    "sayeda": "woman",
    "السيدة": "woman",
    "الشيخة": "woman",
    "ms": "woman",
    "miss": "woman",
    "madam": "woman",
    "madame": "woman",
    "mme": "woman",
    "mlle": "woman",
    "dame": "woman",
    "lady": "woman",
    "frau": "woman",
    "senora": "woman",
    "sra": "woman",
    "dona": "woman",
    "sheikha": "woman",
    "congresswoman": "woman",
    "chairwoman": "woman",
}

# Name particles that belong to a surname ("al-Hashimi", "van der Berg").
PARTICLES: frozenset[str] = _words(
    "al el al- bin ibn ben bint abu van von der den de da di du del della dos das"
    " le la ter ten mac st"
)

# Descriptions reworded from a roster title and affiliation: abbreviations and
# synonyms read as the word they stand for ("DG" for director-general, "vice"
# for deputy, "minister" and "ministry" share a stem anyway).
DESCRIPTION_SYNONYMS: dict[str, str] = {
    "dg": "director general",
    "ddg": "deputy director general",
    "sg": "secretary general",
    "dsg": "deputy secretary general",
    "pm": "prime minister",
    "fm": "foreign minister",
    "mp": "member parliament",
    "mep": "member european parliament",
    "vice": "deputy",
    "dep": "deputy",
    "asst": "assistant",
    "min": "minister",
    "ministerial": "minister",
    "govt": "government",
    "gov": "government",
    "dept": "department",
    "intl": "international",
    "natl": "national",
    "univ": "university",
    "prof": "professor",
    "rep": "representative",
    "amb": "ambassador",
    "ambassadorial": "ambassador",
    "sec": "secretary",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "head": "director",
    "chief": "director",
    "advisor": "adviser",
    "advisory": "adviser",
    "legislator": "member parliament",
    "lawmaker": "member parliament",
    "parliamentarian": "member parliament",
    # a legislature by any name: a member of the National Assembly is an MP
    "assembly": "parliament",
    "congress": "parliament",
    "legislature": "parliament",
    "duma": "parliament",
    "knesset": "parliament",
    "majlis": "parliament",
    "sejm": "parliament",
    "rada": "parliament",
    "bundestag": "parliament",
    "storting": "parliament",
    "riksdag": "parliament",
    "althing": "parliament",
    "mediation": "mediator",
    # titles by another name (a reader takes an envoy for the ambassador)
    "envoy": "ambassador",
    "emissary": "ambassador",
    "burgomaster": "mayor",
    "mayoress": "mayor",
    "attorney": "lawyer",
    "advocate": "lawyer",
    "cleric": "imam",
    "preacher": "imam",
    "deputy-minister": "deputy minister",
    # the same titles in French, German, Spanish, Russian and Arabic
    # (outputs and translations are written in them): "Le maire de Tolvar",
    # "Der Bürgermeister von Tolvar", "el embajador de Ostrel"
    "maire": "mayor",
    "mairesse": "mayor",
    "alcalde": "mayor",
    "alcaldesa": "mayor",
    "burgermeister": "mayor",
    "buergermeister": "mayor",
    "burgermeisterin": "mayor",
    "buergermeisterin": "mayor",
    "oberburgermeister": "mayor",
    "мэр": "mayor",
    "градоначальник": "mayor",
    "ambassadeur": "ambassador",
    "ambassadrice": "ambassador",
    "embajador": "ambassador",
    "embajadora": "ambassador",
    "botschafter": "ambassador",
    "botschafterin": "ambassador",
    "gesandter": "ambassador",
    "посол": "ambassador",
    "посла": "ambassador",
    "سفير": "ambassador",
    "ministre": "minister",
    "ministro": "minister",
    "ministra": "minister",
    "ministerin": "minister",
    "ministere": "minister",
    "ministerio": "minister",
    "ministerium": "minister",
    "министр": "minister",
    "министра": "minister",
    "министерство": "minister",
    "министерства": "minister",
    "وزير": "minister",
    "وزيرة": "minister",
    "وزارة": "minister",
    "adjoint": "deputy",
    "adjointe": "deputy",
    "stellvertretender": "deputy",
    "stellvertretende": "deputy",
    "vize": "deputy",
    "viceministro": "deputy minister",
    "viceministra": "deputy minister",
    "vizeminister": "deputy minister",
    "заместитель": "deputy",
    "замминистра": "deputy minister",
    "نائب": "deputy",
    "directeur": "director",
    "directrice": "director",
    "direktor": "director",
    "direktorin": "director",
    "директор": "director",
    "مدير": "director",
    "ressources": "resources",
    "recursos": "resources",
    "ресурсов": "resources",
    "eau": "water",
    "eaux": "water",
    "agua": "water",
    "aguas": "water",
    "hidricos": "water",
    "wasser": "water",
    "водных": "water",
    "assemblee": "assembly",
    "asamblea": "assembly",
    "нацсобрания": "national assembly",
    "depute": "member parliament",
    "deputee": "member parliament",
    "diputado": "member parliament",
    "diputada": "member parliament",
    "abgeordneter": "member parliament",
    "abgeordnete": "member parliament",
    "депутат": "member parliament",
    "nacional": "national",
    "juriste": "lawyer",
    "avocat": "lawyer",
    "avocate": "lawyer",
    "abogado": "lawyer",
    "abogada": "lawyer",
    "anwalt": "lawyer",
    "anwaltin": "lawyer",
    "journaliste": "journalist",
    "periodista": "journalist",
    "журналист": "journalist",
}
# A rare description word right after one of these is another place or
# thing ("the mayor of a town near Tolvar" is not the Mayor of Tolvar).
ELSEWHERE_WORDS: frozenset[str] = _words(
    """near nearby outside beyond around neighbouring neighboring bordering
    like unlike pres cerca bei nahe около возле рядом"""
)
# Words of titles and affiliations that say nothing on their own.
DESCRIPTION_STOPWORDS: frozenset[str] = _words(
    "of for and the to at on in with a an de du la le el al from by 's s"
    " senior junior former acting interim"
)


# case endings of other languages after a surname, as the gate normalises
# them (no diacritics), longest first: German, Swedish and English genitive
# without an apostrophe (-s), Slavic cases (-a, -u, -e, -em, -om, -ym, -owi,
# -ovi, -ie), Finnish (-n, -in, -lle, -lla, -sta, -ssa, -lta), Hungarian
# (-nak, -nek, -val, -vel, -nal, -nel, -hoz, -hez, -tol, -tol, -rol, -ban,
# -ben)
CASE_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        _words(
            """
            s a u e n em om ym ie in owi ovi lle lla sta ssa lta nak nek val vel
            nal nel hoz hez tol rol ban ben
            """
        ),
        key=len,
        reverse=True,
    )
)
