"""Arabic-script names in Latin letters, from a curated table of name tokens.

Unvocalised Arabic cannot be transliterated letter by letter: محمد gives only the skeleton
"mhmd" (STANDARDS §3.9). Names are a small vocabulary, though, so each common token (ism,
compound theophoric, nisba, particle) is listed here with its usual spellings:

- ``standard``: simplified scholarly romanization (ALA-LC without diacritics): Muhammad, Husayn,
  Abd al-Rahman, al-Masri;
- ``english``: English-language press and Gulf/Levant passports: Mohammed, Hussein, Abdul Rahman;
- ``egyptian``: Egyptian usage (g for ج, e for kasra): Mohamed, Gamal, El-Masry;
- ``maghreb``: French-based North African spellings: Mohamed, Djamel, Abderrahmane, Hocine;
- ``turkish``: the Turkish form of the name: Mehmet, Hüseyin, Abdurrahman;
- ``persian`` / ``persian_alt``: Iranian and Afghan usage: Mohammad, Hossein, Abdollah;
- ``icao_mrz``: the reversible ICAO 9303 Arabic-to-MRZ transliteration (§3.5), letter by letter;
- further attested spellings of one token (Muhammed, Mohamad) come back labelled ``variant``,
  and the article's forms (Al Baghdadi, Albaghdadi, ash-Shami, Baghdadi) ``article_*``.

A name written with Persian letters (پ چ ژ گ ک ی) is read as Persian and gets the Persian labels.
Tokens the table lacks fall back to a rough consonant-and-long-vowel rendering, the same under
every label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ARABIC_SYSTEMS",
    "PERSIAN_SYSTEMS",
    "arabic_variants",
    "icao_mrz_arabic",
    "is_persian",
    "romanize_arabic",
]

ARABIC_SYSTEMS: tuple[str, ...] = ("standard", "english", "egyptian", "maghreb", "turkish")
PERSIAN_SYSTEMS: tuple[str, ...] = ("persian", "persian_alt", "standard")
_LABELS = ("standard", "english", "egyptian", "maghreb", "turkish", "persian", "persian_alt")

# arabic | standard | english | egyptian | maghreb | turkish | persian | further spellings.
# An empty column means "as english" (english empty: as standard).
_ARABIC_TABLE = """
محمد|Muhammad|Mohammed|Mohamed|Mohamed|Mehmet|Mohammad|Muhammed,Mohamad,Mohammad,Mohamed
أحمد|Ahmad|Ahmed|Ahmed|Ahmed|Ahmet|Ahmad|Ahmad,Achmed
علي|Ali|Ali|Aly|Ali|Ali|Ali|Aly
حسين|Husayn|Hussein|Hussein|Hocine|Hüseyin|Hossein|Husain,Hussain,Husein,Houssein
حسن|Hasan|Hassan|Hassan|Hassen|Hasan|Hassan|Hasan,Hassen
محمود|Mahmud|Mahmoud|Mahmoud|Mahmoud|Mahmut|Mahmoud|Mahmood,Mahmud
مصطفى|Mustafa|Mustafa|Mostafa|Mustapha|Mustafa|Mostafa|Moustafa,Mustapha
عمر|Umar|Omar|Omar|Omar|Ömer|Omar|Umar,Omer
عثمان|Uthman|Othman|Osman|Othmane|Osman|Osman|Usman,Uthman,Osman
خالد|Khalid|Khaled|Khaled|Khaled|Halit|Khaled|Khalid
يوسف|Yusuf|Yousef|Youssef|Youcef|Yusuf|Yousef|Yousif,Yussuf,Yusef,Youssef
إبراهيم|Ibrahim|Ibrahim|Ibrahim|Brahim|İbrahim|Ebrahim|Ibraheem,Ebrahim
عبد الله|Abd Allah|Abdullah|Abdallah|Abdellah|Abdullah|Abdollah|Abdulla,Abdalla,Abdellah
عبد الرحمن|Abd al-Rahman|Abdul Rahman|Abdel Rahman|Abderrahmane|Abdurrahman|Abdolrahman|Abdulrahman,Abd ar-Rahman,Abdelrahman,Abdul-Rahman
عبد العزيز|Abd al-Aziz|Abdulaziz|Abdel Aziz|Abdelaziz|Abdülaziz|Abdolaziz|Abdul Aziz,Abd el-Aziz
عبد الرحيم|Abd al-Rahim|Abdul Rahim|Abdel Rahim|Abderrahim|Abdurrahim|Abdolrahim|Abdulrahim,Abdelrahim
عبد القادر|Abd al-Qadir|Abdul Qadir|Abdel Kader|Abdelkader|Abdülkadir|Abdolghader|Abdulkadir,Abdul Kadir,Abdelkadir
عبد الكريم|Abd al-Karim|Abdul Karim|Abdel Karim|Abdelkrim|Abdülkerim|Abdolkarim|Abdulkarim,Abdelkarim
عبد الملك|Abd al-Malik|Abdul Malik|Abdel Malek|Abdelmalek|Abdülmelik|Abdolmalek|Abdulmalik,Abdelmalik
عبد|Abd|Abdul|Abdel|Abdel|Abdül|Abdol|Abd,Abdal
سعيد|Said|Saeed|Saeed|Said|Sait|Saeed|Sa'id,Sayed,Saeid
سعد|Sad|Saad|Saad|Saad|Sat|Saad|Sa'ad,Saadh
صالح|Salih|Saleh|Saleh|Salah|Salih|Saleh|Salih
صلاح|Salah|Salah|Salah|Salah|Selah|Salah|Salaheddine
طارق|Tariq|Tariq|Tarek|Tarek|Tarık|Tareq|Tarik,Tarek
ياسر|Yasir|Yasser|Yasser|Yasser|Yasir|Yaser|Yasir,Yaser
جمال|Jamal|Jamal|Gamal|Djamel|Cemal|Jamal|Gamal,Djamal,Jamaal
ناصر|Nasir|Nasser|Nasser|Nacer|Nasır|Naser|Nasir,Naser
فيصل|Faysal|Faisal|Faisal|Fayçal|Faysal|Feisal|Faycal,Feisal
حمزة|Hamza|Hamza|Hamza|Hamza|Hamza|Hamzeh|Hamzah
بلال|Bilal|Bilal|Belal|Bilal|Bilal|Belal|Belal
عمار|Ammar|Ammar|Ammar|Ammar|Ammar|Ammar|Amar
أنس|Anas|Anas|Anas|Anas|Enes|Anas|Enes
زياد|Ziyad|Ziad|Ziad|Ziad|Ziyad|Ziad|Ziyad,Zeyad
وليد|Walid|Waleed|Walid|Walid|Velid|Valid|Walid
كريم|Karim|Karim|Karim|Karim|Kerim|Karim|Kareem
ماجد|Majid|Majed|Maged|Majid|Macit|Majid|Majed,Maged
عادل|Adil|Adel|Adel|Adel|Adil|Adel|Adil
حامد|Hamid|Hamed|Hamed|Hamid|Hamit|Hamed|Hamid
رشيد|Rashid|Rashid|Rashid|Rachid|Reşit|Rashid|Rasheed,Rachid
منصور|Mansur|Mansour|Mansour|Mansour|Mansur|Mansour|Mansoor,Mansur
سليمان|Sulayman|Suleiman|Soliman|Slimane|Süleyman|Soleiman|Sulaiman,Suleyman
إسماعيل|Ismail|Ismail|Ismail|Smail|İsmail|Esmail|Ismael,Esmail
عيسى|Isa|Issa|Eissa|Aissa|İsa|Isa|Eisa
موسى|Musa|Musa|Moussa|Moussa|Musa|Mousa|Moussa,Mousa
يحيى|Yahya|Yahya|Yehia|Yahia|Yahya|Yahya|Yahia,Yehia
زكريا|Zakariya|Zakaria|Zakaria|Zakaria|Zekeriya|Zakariya|Zakariya,Zakarya
إدريس|Idris|Idris|Idris|Driss|İdris|Edris|Idriss
هشام|Hisham|Hisham|Hesham|Hicham|Hişam|Hesham|Hesham,Hicham
عماد|Imad|Imad|Emad|Imad|İmad|Emad|Emad
أيمن|Ayman|Ayman|Ayman|Aymen|Eymen|Ayman|Aymen
سامي|Sami|Sami|Samy|Sami|Sami|Sami|Samy
مراد|Murad|Murad|Mourad|Mourad|Murat|Morad|Mourad
نبيل|Nabil|Nabil|Nabil|Nabil|Nebil|Nabil|Nabeel
فارس|Faris|Fares|Fares|Fares|Faris|Fares|Faris
جابر|Jabir|Jaber|Gaber|Djaber|Cabir|Jaber|Jabir,Gaber
قاسم|Qasim|Qasim|Kassem|Kacem|Kasım|Ghasem|Kasim,Qassem,Kassim
بكر|Bakr|Bakr|Bakr|Bakr|Bekir|Bakr|Bakir,Baker
حمد|Hamad|Hamad|Hamad|Hamad|Hamad|Hamad|
سلمان|Salman|Salman|Salman|Salmane|Selman|Salman|
راشد|Rashid|Rashed|Rashed|Rached|Raşit|Rashed|Rashid
طلال|Talal|Talal|Talal|Talal|Talal|Talal|
معاذ|Muadh|Muath|Moaz|Mouad|Muaz|Moaz|Mu'adh,Moaz,Muaz
طلحة|Talha|Talha|Talha|Talha|Talha|Talheh|Talhah
زبير|Zubayr|Zubair|Zobeir|Zoubir|Zübeyr|Zobeir|Zubeir,Zoubeir
عبيدة|Ubayda|Obaida|Obeida|Oubaida|Ubeyde|Obeideh|Ubaidah,Obeida
فاطمة|Fatima|Fatima|Fatma|Fatima|Fatma|Fatemeh|Fatimah,Fatma
عائشة|Aisha|Aisha|Aisha|Aicha|Ayşe|Aysheh|Aishah,A'isha,Ayesha
مريم|Maryam|Mariam|Mariam|Meriem|Meryem|Maryam|Meryem,Maryam
خديجة|Khadija|Khadija|Khadiga|Khadidja|Hatice|Khadijeh|Khadijah
زينب|Zaynab|Zainab|Zeinab|Zineb|Zeynep|Zeynab|Zaynab,Zeinab
نور|Nur|Noor|Nour|Nour|Nur|Nour|Nur
سارة|Sara|Sarah|Sara|Sarah|Sare|Sara|Sara
أمينة|Amina|Amina|Amina|Amina|Emine|Amineh|Aminah
حنان|Hanan|Hanan|Hanan|Hanane|Hanan|Hanan|
ليلى|Layla|Leila|Laila|Leila|Leyla|Leila|Layla,Laila
هدى|Huda|Huda|Hoda|Houda|Hüda|Hoda|Hoda,Houda
سلمى|Salma|Salma|Salma|Salma|Selma|Salma|Selma
أسماء|Asma|Asma|Asmaa|Asmaa|Esma|Asma|Asmaa
رقية|Ruqayya|Ruqaya|Roqaya|Rokia|Rukiye|Roghayeh|Ruqaiya
هاجر|Hajar|Hajar|Hagar|Hajar|Hacer|Hajar|Hagar
سمية|Sumayya|Sumaya|Somaya|Soumia|Sümeyye|Somayeh|Sumaiya
ياسمين|Yasmin|Yasmine|Yasmin|Yasmine|Yasemin|Yasmin|Yasmeen
رانيا|Raniya|Rania|Rania|Rania|Rania|Rania|Raniya
مصري|Misri|Masri|Masry|Masri|Mısri|Mesri|Misri,Masry
شامي|Shami|Shami|Shamy|Chami|Şami|Shami|Chami,Shamy
عراقي|Iraqi|Iraqi|Iraqy|Iraqi|Iraki|Eraghi|Iraki
حلبي|Halabi|Halabi|Halaby|Halabi|Halebi|Halabi|Halaby
تميمي|Tamimi|Tamimi|Tamimy|Tamimi|Temimi|Tamimi|Tamimy
دوسري|Dawsari|Dosari|Dosary|Doussari|Devseri|Dosari|Dossari,Dawsari
عتيبي|Utaybi|Otaibi|Otaiby|Otaibi|Uteybi|Otaybi|Oteibi,Utaybi
قحطاني|Qahtani|Qahtani|Kahtany|Kahtani|Kahtani|Ghahtani|Kahtani
شمري|Shammari|Shammari|Shammary|Chammari|Şemmeri|Shammari|Shamari
حربي|Harbi|Harbi|Harby|Harbi|Harbi|Harbi|Harby
زهراني|Zahrani|Zahrani|Zahrany|Zahrani|Zehrani|Zahrani|Zahrany
غامدي|Ghamidi|Ghamdi|Ghamdy|Ghamdi|Gamidi|Ghamedi|Ghamedi
مطيري|Mutayri|Mutairi|Motairy|Moutairi|Mutayri|Motairi|Mutairy
أنصاري|Ansari|Ansari|Ansary|Ansari|Ensari|Ansari|Ansary
هاشمي|Hashimi|Hashimi|Hashemy|Hachemi|Haşimi|Hashemi|Hashemi
جبوري|Juburi|Jubouri|Gabbouri|Jbouri|Cuburi|Jobouri|Jabouri,Jubori
دليمي|Dulaymi|Dulaimi|Dolaimy|Doulaimi|Duleymi|Dolaimi|Dulaymi
عبيدي|Ubaydi|Obaidi|Obeidy|Obeidi|Ubeydi|Obeidi|Ubaidi
كبيسي|Kubaysi|Kubaisi|Kobeisy|Koubaissi|Kubeysi|Kobeisi|Kobaisi
خطيب|Khatib|Khatib|Khateeb|Khatib|Hatip|Khatib|Khateeb
نجار|Najjar|Najjar|Naggar|Najjar|Neccar|Najjar|Najar
حداد|Haddad|Haddad|Haddad|Haddad|Haddad|Haddad|Hadad
عمري|Umari|Omari|Omary|Omari|Ömeri|Omari|Umari
يمني|Yamani|Yamani|Yamany|Yamani|Yemeni|Yamani|Yemeni
حضرمي|Hadrami|Hadrami|Hadramy|Hadrami|Hadrami|Hadrami|Hadramy
جزائري|Jazairi|Jazairi|Gazairy|Djazairi|Cezayiri|Jazayeri|Djazairi
تونسي|Tunisi|Tounsi|Tunsy|Tounsi|Tunusi|Tunesi|Tunsi
مغربي|Maghribi|Maghrebi|Maghraby|Maghribi|Mağribi|Maghrebi|Magribi
حسيني|Husayni|Husseini|Hosseiny|Housseini|Hüseyni|Hosseini|Husaini
بغدادي|Baghdadi|Baghdadi|Baghdady|Baghdadi|Bağdadi|Baghdadi|Baghdady
خليل|Khalil|Khalil|Khalil|Khelil|Halil|Khalil|Khaleel
حمدان|Hamdan|Hamdan|Hamdan|Hamdane|Hamdan|Hamdan|
سعود|Saud|Saud|Saoud|Saoud|Suud|Saud|Saoud
بوزيد|Bu Zayd|Bouzid|Bouzid|Bouzid|Buzeyd|Bouzid|Bu Zaid
بلقاسم|Bilqasim|Belkacem|Belqasem|Belkacem|Belkasım|Belghasem|Belqasim,Belkassem
شيشاني|Shishani|Shishani|Shishany|Chichani|Şişani|Shishani|Chechani
داغستاني|Daghistani|Daghestani|Daghestany|Daghestani|Dağıstani|Daghestani|Dagestani
أوزبكي|Uzbaki|Uzbeki|Ozbeky|Ouzbeki|Özbeki|Ozbaki|Uzbeky
طاجيكي|Tajiki|Tajiki|Tagiky|Tadjiki|Taciki|Tajiki|Tadjiki
كازاخي|Kazakhi|Kazakhi|Kazakhy|Kazakhi|Kazaki|Ghazaghi|Qazaqi
قرغيزي|Qirghizi|Kyrgyzi|Qirghizy|Kirghizi|Kırgızi|Ghirghizi|Kirgizi
أذري|Adhari|Azeri|Azary|Azeri|Azeri|Azari|Adhari
تركي|Turki|Turki|Torky|Turki|Türki|Torki|Torki
روسي|Rusi|Rusi|Rousy|Roussi|Rusi|Rusi|Roussi
ألماني|Almani|Almani|Almany|Almani|Almani|Almani|Almany
فرنسي|Faransi|Faransi|Faransy|Faranssi|Feransi|Faransavi|Firansi
بريطاني|Baritani|Britani|Britany|Britani|Britani|Beritani|Baritani
بلجيكي|Baljiki|Beljiki|Belgiky|Beldjiki|Belçiki|Beljiki|Baljiki
أمريكي|Amriki|Amriki|Amriky|Amriki|Amriki|Amrikayi|Amreeki
إسباني|Isbani|Isbani|Esbany|Isbani|İspani|Espani|Espani
إيطالي|Itali|Itali|Italy|Itali|İtali|Italiyayi|Eetali
سويدي|Swidi|Swedi|Swedy|Souedi|İsveçi|Soedi|Sweidi
هولندي|Hulandi|Hollandi|Holandy|Hollandi|Hollandi|Holandi|Hulandi
فرقان|Furqan|Furqan|Forqan|Fourqane|Furkan|Forghan|Forqan
أمل|Amal|Amal|Amal|Amal|Emel|Amal|
بركة|Baraka|Baraka|Baraka|Baraka|Bereket|Barakat|Barakah
رحمة|Rahma|Rahma|Rahma|Rahma|Rahme|Rahmat|Rahmah
فجر|Fajr|Fajr|Fagr|Fajr|Fecr|Fajr|Fajer
تقوى|Taqwa|Taqwa|Taqwa|Taqwa|Takva|Taghva|Takwa
إحسان|Ihsan|Ihsan|Ehsan|Ihsane|İhsan|Ehsan|Ehsan
مؤسسة|Muassasat|Muassasa|Moassasa|Mouassassa|Müessese|Moassese|Mu'assasa
جمعية|Jamiyyat|Jamiyat|Gameyat|Jamiya|Cemiyet|Jamiat|Jamiyya
خيرية|Khayriyya|Khairiya|Khayreya|Khairia|Hayriye|Kheyriyeh|Khayriya
هيئة|Hayat|Hayat|Hayaa|Hayaa|Heyet|Hey'at|Hay'at
إغاثة|Ighatha|Ighatha|Eghatha|Ighatha|İgase|Eghase|Ighathah
بن|ibn|bin|bin|ben|bin|ibn|ibn,ben
بنت|bint|bint|bint|bent|bint|bint|bent
أبو|Abu|Abu|Abou|Abou|Ebu|Abu|Abou,Abo
أم|Umm|Umm|Om|Oum|Ümmü|Omm|Um,Oum
ولد|Ould|Ould|Ould|Ould|Veled|Ould|Walad
"""  # noqa: E501

# persian | persian | persian_alt | standard | further spellings.
_PERSIAN_TABLE = """
رضا|Reza|Riza|Rida|
مهدی|Mehdi|Mahdi|Mahdi|Mehdy
امیر|Amir|Ameer|Amir|
سعید|Saeed|Said|Said|Saeid
مجید|Majid|Madjid|Majid|Majeed
جواد|Javad|Jawad|Jawad|
حمید|Hamid|Hameed|Hamid|
علیرضا|Alireza|Ali Reza|Ali Rida|Ali-Reza
محمدرضا|Mohammadreza|Mohammad Reza|Muhammad Rida|Mohammad-Reza,Mohamadreza
مرتضی|Morteza|Mortaza|Murtada|Murtaza
عباس|Abbas|Abbas|Abbas|
کامران|Kamran|Kamran|Kamran|
بهروز|Behrouz|Behrooz|Bahruz|Behruz
فرهاد|Farhad|Farhad|Farhad|
داوود|Davoud|Davood|Dawud|Davud,Daoud
جعفر|Jafar|Jafar|Jafar|Djafar,Ja'far
محسن|Mohsen|Mohsin|Muhsin|
هادی|Hadi|Hady|Hadi|
پرویز|Parviz|Parvis|Parwiz|Parvez
کاظم|Kazem|Kazim|Kazim|Kadhim
صادق|Sadegh|Sadeq|Sadiq|Sadek
فاطمه|Fatemeh|Fatima|Fatima|Fatemah,Fateme
زهرا|Zahra|Zahraa|Zahra|
سارا|Sara|Sarah|Sara|
نرگس|Narges|Nargis|Narjis|
مهسا|Mahsa|Mahsaa|Mahsa|
لیلا|Leila|Layla|Layla|Leyla
شیرین|Shirin|Shireen|Shirin|Chirine
پریسا|Parisa|Parissa|Parisa|
مینا|Mina|Meena|Mina|
الهام|Elham|Ilham|Ilham|
سمیه|Somayeh|Sumayya|Sumayya|Somaye
معصومه|Masoumeh|Masuma|Masuma|Masoomeh,Masume
نازنین|Nazanin|Nazaneen|Nazanin|
محمدی|Mohammadi|Mohamadi|Muhammadi|
حسینی|Hosseini|Hoseini|Husayni|Husseini,Hosseyni
احمدی|Ahmadi|Ahmady|Ahmadi|
رضایی|Rezaei|Rezaee|Ridai|Rezai,Rezaie
موسوی|Mousavi|Musavi|Musawi|Moussavi,Mousawi
جعفری|Jafari|Jaafari|Jafari|Djafari
کریمی|Karimi|Karimy|Karimi|
رحیمی|Rahimi|Rahimy|Rahimi|
هاشمی|Hashemi|Hashimi|Hashimi|Hachemi
صادقی|Sadeghi|Sadeqi|Sadiqi|
قاسمی|Ghasemi|Qasemi|Qasimi|Ghassemi,Kasemi
حیدری|Heidari|Haidari|Haydari|Heydari
نوری|Nouri|Noori|Nuri|
کاظمی|Kazemi|Kazimi|Kazimi|Kadhimi
اکبری|Akbari|Akbary|Akbari|
عباسی|Abbasi|Abbassi|Abbasi|
مرادی|Moradi|Muradi|Muradi|Mouradi
رستمی|Rostami|Rustami|Rustami|
امینی|Amini|Ameeni|Amini|
ابراهیمی|Ebrahimi|Ibrahimi|Ibrahimi|Ebrahimy
نجفی|Najafi|Nadjafi|Najafi|
یوسفی|Yousefi|Yusefi|Yusufi|Yoosefi
شریفی|Sharifi|Sharify|Sharifi|Charifi
طاهری|Taheri|Tahiri|Tahiri|
بهرامی|Bahrami|Bahramy|Bahrami|
زارعی|Zarei|Zareie|Zari'i|Zarehi
حسین‌زاده|Hosseinzadeh|Hossein-zadeh|Husaynzada|Hosseinzade,Husseinzadeh
علیزاده|Alizadeh|Ali-zadeh|Alizada|Alizade
رضازاده|Rezazadeh|Reza-zadeh|Ridazada|Rezazade
قلی‌زاده|Gholizadeh|Qolizadeh|Qulizada|Golizadeh
"""

_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ۀ": "ه"}
)
_PERSIAN_LETTERS = frozenset("پچژگکی")
# Sun letters: the article assimilates to them (ash-Shami, ad-Dawsari, an-Najjar).
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")


@dataclass(frozen=True, slots=True)
class _Entry:
    forms: dict[str, str]
    extras: tuple[str, ...]


def _key(token: str) -> str:
    return _HARAKAT.sub("", token).translate(_FOLD)


def _load_arabic() -> dict[str, _Entry]:
    table: dict[str, _Entry] = {}
    for line in _ARABIC_TABLE.strip().splitlines():
        arabic, std, en, eg, mg, tr, fa, extras = line.split("|")
        en = en or std
        forms = {
            "standard": std,
            "english": en,
            "egyptian": eg or en,
            "maghreb": mg or en,
            "turkish": tr or en,
            "persian": fa or en,
            "persian_alt": en,
        }
        entry = _Entry(forms, tuple(e for e in extras.split(",") if e))
        table[_key(arabic)] = entry
        table.setdefault(_key(arabic).replace(" ", ""), entry)  # عبدالله as one word
    return table


def _load_persian() -> dict[str, _Entry]:
    table: dict[str, _Entry] = {}
    for line in _PERSIAN_TABLE.strip().splitlines():
        persian, fa, fa_alt, std, extras = line.split("|")
        forms = dict.fromkeys(("english", "egyptian", "maghreb", "turkish"), fa_alt)
        forms |= {"standard": std, "persian": fa, "persian_alt": fa_alt}
        table[_key(persian)] = _Entry(forms, tuple(e for e in extras.split(",") if e))
    return table


_ARABIC = _load_arabic()
_PERSIAN = _load_persian()
_FAMILY_AL = _Entry(dict.fromkeys(_LABELS, "Al"), ("Aal",))  # آل "house of", not the article

_GUESS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ة": "a", "ء": "", "ئ": "", "ؤ": "", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g",
}  # fmt: skip


def _guess(token: str) -> str:
    """A rough rendering of a token the table lacks: consonants plus the long vowels written."""
    out: list[str] = []
    key = _key(token)
    for i, ch in enumerate(key):
        if ch == "و":
            out.append("w" if i == 0 else "u")
        elif ch == "ي":
            out.append("y" if i == 0 else "i")
        else:
            out.append(_GUESS.get(ch, ch))
    text = "".join(out)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class _Piece:
    entry: _Entry
    article: bool  # written with the article ال
    sun: bool  # ... which assimilates to the stem's first letter


def _lookup(key: str, persian: bool) -> _Entry | None:
    first, second = (_PERSIAN, _ARABIC) if persian else (_ARABIC, _PERSIAN)
    return first.get(key) or second.get(key)


def is_persian(text: str) -> bool:
    """True when ``text`` uses a letter of the Persian alphabet that Arabic lacks."""
    return any(ch in _PERSIAN_LETTERS for ch in text)


@lru_cache(maxsize=1 << 15)
def _analyse(text: str, persian: bool) -> tuple[_Piece, ...]:
    tokens = text.split()
    pieces: list[_Piece] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens):
            pair = _lookup(_key(f"{token} {tokens[i + 1]}"), persian)
            if pair is not None:
                pieces.append(_Piece(pair, False, False))
                i += 2
                continue
        if token == "آل":
            pieces.append(_Piece(_FAMILY_AL, False, False))
            i += 1
            continue
        key = _key(token)
        entry = _lookup(key, persian)
        if entry is not None:
            pieces.append(_Piece(entry, False, False))
        elif key.startswith("ال") and len(key) > 3:
            stem = key[2:]
            found = _lookup(stem, persian)
            if found is None:
                guessed = _guess(stem)
                found = _Entry(dict.fromkeys(_LABELS, guessed), ())
            pieces.append(_Piece(found, True, stem[0] in _SUN_LETTERS))
        else:
            guessed = _guess(token)
            pieces.append(_Piece(_Entry(dict.fromkeys(_LABELS, guessed), ()), False, False))
        i += 1
    return tuple(pieces)


# How each label writes the article before a stem.
_ARTICLE = {
    "standard": "al-",
    "english": "al-",
    "egyptian": "El-",
    "maghreb": "El ",
    "turkish": "",
    "persian": "",
    "persian_alt": "al-",
}


def _assimilated(stem: str) -> str:
    head = stem[:2] if stem[:2].lower() in ("sh", "th", "dh") else stem[:1]
    return f"a{head.lower()}-{stem}"


_ARTICLE_VARIANTS: dict[str, Callable[[str, bool], str]] = {
    "article_capital": lambda stem, sun: f"Al-{stem}",
    "article_spaced": lambda stem, sun: f"Al {stem}",
    "article_joined": lambda stem, sun: f"Al{stem.lower()}",
    "article_el": lambda stem, sun: f"el-{stem}",
    "article_dropped": lambda stem, sun: stem,
    "article_assimilated": lambda stem, sun: _assimilated(stem) if sun else f"al-{stem}",
}


def _render(pieces: tuple[_Piece, ...], label: str) -> str:
    return " ".join(
        (_ARTICLE[label] + p.entry.forms[label]) if p.article else p.entry.forms[label]
        for p in pieces
    )


def romanize_arabic(text: str, system: str, *, persian: bool | None = None) -> str:
    """``text`` (an Arabic-script name) in one system: a label of ARABIC_SYSTEMS or
    PERSIAN_SYSTEMS, or "icao_mrz". ``persian`` defaults to ``is_persian(text)``.
    Raises ValueError for an unknown system."""
    if system == "icao_mrz":
        return icao_mrz_arabic(text)
    if system not in _LABELS:
        raise ValueError(f"unknown Arabic romanization system {system!r}")
    return _render(_analyse(text, is_persian(text) if persian is None else persian), system)


def arabic_variants(name: str, *, persian: bool | None = None) -> list[tuple[str, str]]:
    """Every spelling of an Arabic-script name as ``(label, romanization)``, each text once.

    First each system's spelling (ARABIC_SYSTEMS, or PERSIAN_SYSTEMS for a Persian name) and the
    ICAO MRZ form; then the article written other ways (``article_*``); then, one token at a
    time, further attested spellings (``variant``) in the English form of the rest.
    """
    is_fa = is_persian(name) if persian is None else persian
    pieces = _analyse(name, is_fa)
    base = "persian" if is_fa else "english"
    out: dict[str, str] = {}
    for label in PERSIAN_SYSTEMS if is_fa else ARABIC_SYSTEMS:
        out.setdefault(_render(pieces, label), label)
    out.setdefault(icao_mrz_arabic(name), "icao_mrz")
    if any(p.article for p in pieces):
        for label, style in _ARTICLE_VARIANTS.items():
            text = " ".join(
                style(p.entry.forms[base], p.sun) if p.article else p.entry.forms[base]
                for p in pieces
            )
            out.setdefault(text, label)
    for i, piece in enumerate(pieces):
        for extra in piece.entry.extras:
            words = [(_ARTICLE[base] + p.entry.forms[base]) if p.article else p.entry.forms[base]
                     for p in pieces]  # fmt: skip
            words[i] = (_ARTICLE[base] + extra) if piece.article else extra
            out.setdefault(" ".join(words), "variant")
    return [(label, text) for text, label in out.items()]


# ICAO 9303 Part 3 Arabic-to-MRZ table (STANDARDS §3.5), with the Persian/Urdu extensions.
_MRZ = {
    "ء": "XE", "آ": "XAA", "أ": "XAE", "ؤ": "XW", "إ": "I", "ئ": "XI", "ا": "A", "ٱ": "XXA",
    "ب": "B", "ت": "T", "ث": "XTH", "ج": "J", "ح": "XH", "خ": "XKH", "د": "D", "ذ": "XDH",
    "ر": "R", "ز": "Z", "س": "S", "ش": "XSH", "ص": "XSS", "ض": "XDZ", "ط": "XTT", "ظ": "XZZ",
    "ع": "E", "غ": "G", "ف": "F", "ق": "Q", "ك": "K", "ل": "L", "م": "M", "ن": "N", "ه": "H",
    "و": "W", "ى": "XAY", "ي": "Y", "پ": "P", "چ": "XC", "ژ": "XJ", "گ": "XGG", "ک": "XKK",
    "ھ": "XDO", "ی": "XYA", "ٹ": "XXT", "ڈ": "XXD", "ڑ": "XXR", "ں": "XNN", "ہ": "XXG",
    "ے": "XYB",
}  # fmt: skip


@lru_cache(maxsize=1 << 15)
def icao_mrz_arabic(text: str) -> str:
    """The ICAO 9303 reversible MRZ transliteration, name parts separated by spaces:
    محمود -> MXHMWD, عبدالرحيم -> EBDALRXHYM. Teh marbuta is XAH at the end of a part, else XTA."""
    parts: list[str] = []
    for word in _HARAKAT.sub("", text).split():
        out: list[str] = []
        for i, ch in enumerate(word):
            if ch == "ة":
                out.append("XAH" if i == len(word) - 1 else "XTA")
            else:
                out.append(_MRZ.get(ch, ch.upper()))
        parts.append("".join(out))
    return " ".join(parts)
