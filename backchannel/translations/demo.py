"""The demo's translations: the joint statement (language of record English)
in verified Arabic and Russian, a note with a draft French translation, and the
interpreter's pledge."""

from __future__ import annotations

from backchannel.accounts.models import User
from backchannel.ideas.models import JointTextVersion
from backchannel.participants.services import pledge_accept
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Process
from backchannel.records.models import Note
from backchannel.translations.registry import KINDS
from backchannel.translations.services import (
    original_language_set,
    translation_add,
    translation_verify,
)

# The latest version of the joint statement, section by section.
STATEMENT_AR = """1. الديباجة

نحن، المشاركين من فارنيا وأوستريل المجتمعين بصفتنا الشخصية، نتشارك القلق على المجتمعات التي تعيش على ضفاف نهر كيسا.

2. الإنذار المبكر

ينبغي لسلطات المياه أن تنذر المجتمعات المحلية على ضفاف النهر قبل أسبوعين على الأقل من الموعد المتوقع لانخفاض التدفقات عن متوسط موسم الجفاف، باللغتين الفارنية والأوستريلية.

3. سبل العيش

ينبغي الاستماع إلى المزارعين والصيادين ودوائر النساء في كيسا السفلى المتضررين من انخفاض التدفقات قبل اتخاذ القرارات بشأن الإطلاقات.

4. المتابعة

سنلتقي مجدداً في غضون عام لمراجعة ما إذا كانت الإنذارات قد وصلت إلى المجتمعات المحلية."""

STATEMENT_RU = """1. Преамбула

Мы, участники из Варнии и Остреля, встречающиеся в личном качестве, разделяем озабоченность судьбой общин, живущих вдоль Кессы.

2. Раннее предупреждение

Водные ведомства должны предупреждать прибрежные общины не менее чем за две недели до ожидаемого падения стока ниже среднего уровня сухого сезона, на варнийском и острельском языках.

3. Средства к существованию

Прежде чем принимать решения о сбросах воды, следует выслушать фермеров, рыбаков и женские кружки нижней Кессы, пострадавших от маловодья.

4. Последующие действия

Мы встретимся снова в течение года, чтобы оценить, дошли ли предупреждения до общин."""

NOTE_EN_START = "Both sides said that distrust"
NOTE_FR = (
    "Les deux parties ont déclaré que la méfiance envers les relevés "
    "hydrométriques de l'autre, plus que l'eau elle-même, est ce qui bloque les "
    "négociations officielles."
)


def load_translations(process: Process, interpreter: User, rapporteur: User) -> None:
    """Through the services, as the interpreter and the rapporteur would."""
    pledge_accept(
        access=access_process_by_id(interpreter, process.pk, before_pledge=True),
        accept=True,
    )
    by_interpreter = access_process_by_id(interpreter, process.pk)
    by_rapporteur = access_process_by_id(rapporteur, process.pk)
    version = (
        JointTextVersion.objects.filter(joint_text__process=process)
        .order_by("-number")
        .first()
    )
    if version is not None:
        for language, text in (("ar", STATEMENT_AR), ("ru", STATEMENT_RU)):
            translation = translation_add(
                access=by_interpreter,
                kind=KINDS["joint_text_version"],
                source=version,
                language=language,
                text=text,
            )
            translation_verify(access=by_interpreter, translation=translation)
    note = next(
        (
            n
            for n in Note.objects.filter(meeting__process=process)
            if str(n.text).startswith(NOTE_EN_START)
        ),
        None,
    )
    if note is not None:
        original_language_set(
            access=by_rapporteur, kind=KINDS["note"], source=note, language="en"
        )
        translation_add(
            access=by_rapporteur,
            kind=KINDS["note"],
            source=note,
            language="fr",
            text=NOTE_FR,
        )
