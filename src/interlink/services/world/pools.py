"""Name pools for the synthetic world, most common first (picks follow a Zipf curve).

Common given names and surnames only; the generator combines them at random, so no entry
describes a person. ``surnames`` extends each surname list with a long tail composed from
``stems``. Surnames and given names strongly tied to one famous listed or public person
are left out (Baghdadi, Zarqawi, Basayev, Kadyrov, Nazarbayev ...), and ``FAMOUS_KUNYAS`` keeps the
generator from pairing a kunya and a nisba into a known nom de guerre.

Slavic and Central Asian pools are in Cyrillic (the original script), Arabic and Persian pools in
Arabic script (every token is in ``interlink.names.arabic``'s table), Turkish and Western pools
in their Latin alphabets.
"""

from __future__ import annotations


def _w(text: str) -> tuple[str, ...]:
    """Split a pool on white space; "_" joins the words of one name (عبد_الله)."""
    return tuple(word.replace("_", " ") for word in text.split())


# Russian men: (given name, patronymic of a son, patronymic of a daughter).
RU_MALE: tuple[tuple[str, str, str], ...] = (
    ("Александр", "Александрович", "Александровна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Максим", "Максимович", "Максимовна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Артём", "Артёмович", "Артёмовна"),
    ("Денис", "Денисович", "Денисовна"),
    ("Павел", "Павлович", "Павловна"),
    ("Роман", "Романович", "Романовна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Антон", "Антонович", "Антоновна"),
    ("Илья", "Ильич", "Ильинична"),
    ("Никита", "Никитич", "Никитична"),
    ("Кирилл", "Кириллович", "Кирилловна"),
    ("Вадим", "Вадимович", "Вадимовна"),
    ("Константин", "Константинович", "Константиновна"),
    ("Руслан", "Русланович", "Руслановна"),
    ("Тимур", "Тимурович", "Тимуровна"),
    ("Василий", "Васильевич", "Васильевна"),
    ("Георгий", "Георгиевич", "Георгиевна"),
    ("Григорий", "Григорьевич", "Григорьевна"),
    ("Пётр", "Петрович", "Петровна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
    ("Степан", "Степанович", "Степановна"),
    ("Борис", "Борисович", "Борисовна"),
    ("Леонид", "Леонидович", "Леонидовна"),
    ("Анатолий", "Анатольевич", "Анатольевна"),
    ("Вячеслав", "Вячеславович", "Вячеславовна"),
    ("Станислав", "Станиславович", "Станиславовна"),
    ("Валерий", "Валерьевич", "Валерьевна"),
    ("Геннадий", "Геннадьевич", "Геннадьевна"),
    ("Ярослав", "Ярославович", "Ярославовна"),
    ("Аркадий", "Аркадьевич", "Аркадьевна"),
)
RU_FEMALE = _w(
    "Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Екатерина Юлия Анастасия Марина "
    "Людмила Галина Надежда Виктория Ксения Дарья Алина Валентина Оксана Евгения Вера Любовь "
    "Полина Софья Кристина Алёна Яна Лилия Жанна Лариса"
)
RU_SURNAMES = _w(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев "
    "Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев "
    "Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин "
    "Виноградов Ковалёв Белов Тарасов Белоусов Щукин Жуков Вишневский Островский Покровский "
    "Черных Седых Ершов Комаров Чернов Шестаков Журавлёв"
)

# Ukrainian men: (given, patronymic of a son, of a daughter, the Russian form of the given name).
UA_MALE: tuple[tuple[str, str, str, str], ...] = (
    ("Олександр", "Олександрович", "Олександрівна", "Александр"),
    ("Сергій", "Сергійович", "Сергіївна", "Сергей"),
    ("Андрій", "Андрійович", "Андріївна", "Андрей"),
    ("Дмитро", "Дмитрович", "Дмитрівна", "Дмитрий"),
    ("Володимир", "Володимирович", "Володимирівна", "Владимир"),
    ("Іван", "Іванович", "Іванівна", "Иван"),
    ("Олексій", "Олексійович", "Олексіївна", "Алексей"),
    ("Микола", "Миколайович", "Миколаївна", "Николай"),
    ("Юрій", "Юрійович", "Юріївна", "Юрий"),
    ("Василь", "Васильович", "Василівна", "Василий"),
    ("Віктор", "Вікторович", "Вікторівна", "Виктор"),
    ("Михайло", "Михайлович", "Михайлівна", "Михаил"),
    ("Богдан", "Богданович", "Богданівна", "Богдан"),
    ("Тарас", "Тарасович", "Тарасівна", "Тарас"),
    ("Петро", "Петрович", "Петрівна", "Пётр"),
    ("Ярослав", "Ярославович", "Ярославівна", "Ярослав"),
    ("Роман", "Романович", "Романівна", "Роман"),
    ("Олег", "Олегович", "Олегівна", "Олег"),
    ("Максим", "Максимович", "Максимівна", "Максим"),
    ("Євген", "Євгенович", "Євгенівна", "Евгений"),
    ("Григорій", "Григорович", "Григорівна", "Григорий"),
    ("Степан", "Степанович", "Степанівна", "Степан"),
    ("Анатолій", "Анатолійович", "Анатоліївна", "Анатолий"),
    ("Ігор", "Ігорович", "Ігорівна", "Игорь"),
    ("Віталій", "Віталійович", "Віталіївна", "Виталий"),
    ("Павло", "Павлович", "Павлівна", "Павел"),
)
# Ukrainian women: (given, Russian form).
UA_FEMALE: tuple[tuple[str, str], ...] = (
    ("Олена", "Елена"), ("Ольга", "Ольга"), ("Наталія", "Наталья"), ("Тетяна", "Татьяна"),
    ("Ірина", "Ирина"), ("Світлана", "Светлана"), ("Анна", "Анна"), ("Марія", "Мария"),
    ("Катерина", "Екатерина"), ("Юлія", "Юлия"), ("Оксана", "Оксана"), ("Людмила", "Людмила"),
    ("Галина", "Галина"), ("Надія", "Надежда"), ("Вікторія", "Виктория"), ("Софія", "Софья"),
    ("Ганна", "Анна"), ("Лариса", "Лариса"), ("Валентина", "Валентина"), ("Дарина", "Дарина"),
)  # fmt: skip
UA_SURNAMES = _w(
    "Коваленко Шевченко Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук Мельник Бойко "
    "Коваль Ткачук Мороз Лисенко Руденко Савченко Петренко Марченко Литвиненко Павленко "
    "Гончаренко Левченко Карпенко Мельниченко Кушнір Захарченко Вовк Зінченко Гнатюк Романюк "
    "Козак Приходько Кузьменко Ковальчук Савчук Ковальський Заславський Кравцов Гаєвич Згурський"
)

UZ_MALE = _w(
    "Алишер Азиз Бахтиёр Жамшид Шерзод Улуғбек Отабек Фарҳод Санжар Ботир Аброр Дилшод Рустам "
    "Сардор Абдулла Баҳодир Илҳом Нодир Шуҳрат Тоҳир Ғайрат Хуршид Одил Зафар Эркин Акмал "
    "Анвар Икром Равшан Муҳаммад"
)
UZ_FEMALE = _w(
    "Гулнора Дилноза Нилуфар Мадина Зарина Шаҳноза Феруза Малика Нигора Гулчеҳра Дилфуза "
    "Муниса Камола Севара Лола Ўғилой"
)
UZ_SURNAMES = _w(
    "Раҳимов Юсупов Алиев Абдуллаев Исмоилов Тошматов Эргашев Ҳасанов Назаров Қодиров Хўжаев "
    "Усмонов Раҳмонов Мирзаев Турсунов Маҳмудов Саидов Жўраев Норматов Азимов Собиров Умаров "
    "Холматов Бобоев Сулаймонов"
)

KZ_MALE = _w(
    "Нұрлан Ерлан Асқар Бауыржан Дәурен Ержан Айдос Серік Қайрат Мұрат Ғалым Әділ Дархан "
    "Ақылбек Бекзат Жандос Нұржан Темірлан Әлихан Ерболат Арман Азамат Бақыт Тимур Руслан "
    "Мейрам Санжар Жасұлан"
)
KZ_FEMALE = _w(
    "Айгүл Гүлнар Әсел Жұлдыз Айжан Динара Мадина Назерке Ақмарал Сәуле Гүлмира Аружан Балжан "
    "Жанар Салтанат Айнұр"
)
KZ_SURNAMES = _w(
    "Ахметов Сейітов Жұмабаев Омаров Нұрланов Қасымов Әбенов Сәрсенбаев Тұрсынов Искаков "
    "Жақсылықов Бекмұхамедов Құдайбергенов Байжанов Ержанов Мұхтаров Сұлтанов Оспанов "
    "Төлеубаев Әлиев Кенжебаев Исабеков"
)

TJ_MALE = _w(
    "Фаридун Ҷамшед Баҳром Фирдавс Исмоил Далер Рустам Сафар Ҳусейн Абдулло Зафар Сорбон Умед "
    "Фарҳод Манучеҳр Парвиз Шоҳрух Комрон Суҳроб Хуршед Наврӯз Раҷаб Исфандиёр Алишер Мирзо "
    "Бахтовар Амир Неъмат"
)
TJ_FEMALE = _w(
    "Мадина Нигина Фарзона Шабнам Зарина Гулноза Меҳрона Малика Парвина Таҳмина Дилором "
    "Нилуфар Сабрина Фирӯза"
)
# Tajik surname stems: Раҳим -> Раҳимов (Russified), Раҳимзода, Раҳимӣ (Tajik forms since 2016).
TJ_SURNAME_STEMS = _w(
    "Раҳим Карим Назар Саид Сафар Давлат Одина Ҳасан Мирзо Қурбон Ашур Назри Исмоил Абдулло "
    "Юсуф Мурод Раҷаб Зиё Ҳоҷи Солиҳ Шоҳ Бобо"
)

KG_MALE = _w(
    "Азамат Бакыт Нурлан Эрлан Улан Мирлан Айбек Талант Бектур Адилет Максат Нурбек Канат "
    "Алмаз Чынгыз Темир Кубанычбек Эрмек Марат Урмат Самат Бекжан Жыргалбек Төлөгөн Үсөн"
)
KG_FEMALE = _w("Айгерим Айпери Жылдыз Бермет Асель Нургүл Чолпон Гүлзат Айнура Бурул Мээрим Кундуз")
KG_SURNAMES = _w(
    "Асанов Жумабеков Бекмуратов Абдыкадыров Осмонов Сатыбалдиев Мамытов Турдубаев Акматов "
    "Сыдыков Эсенгулов Исаков Абдраев Өмүрбеков Үсөнов Токтосунов Бообеков Мамбетов"
)

CE_MALE = _w(
    "Магомед Ахмед Ислам Адам Рамзан Хасан Хусейн Али Умар Муса Руслан Аслан Иса Лечи Ибрагим "
    "Мовсар Зелимхан Ахмат Салман Байсангур Турпал Апти Супьян Хамзат Абдулла Арби Беслан Шамиль"
)
CE_FEMALE = _w(
    "Марьям Хава Зарема Малика Петимат Айшат Хеда Луиза Зулай Мадина Милана Седа Раиса Амина "
    "Элиза Хадижат"
)
CE_SURNAMES = _w(
    "Магомадов Исаев Хасанов Мусаев Ахмадов Алиев Гериханов Эльмурзаев Висаитов Тепсуркаев "
    "Байсаров Саидов Юсупов Ибрагимов Абдурахманов Межидов Халидов Бисултанов Хамидов "
    "Абубакаров Эдилов Джабраилов Темирбулатов Ахмедов Мурдалов Шахабов Умаров"
)

DA_MALE = _w(
    "Магомед Гаджи Шамиль Ахмед Рашид Абдулла Омар Расул Ибрагим Муртазали Гасан Гусейн "
    "Магомедрасул Абдулхалик Арсен Заур Камиль Саид Ислам Тимур Мурад Алибек Абакар "
    "Магомедали Курбан Сулейман Джамал"
)
DA_FEMALE = _w(
    "Патимат Марьям Аминат Заира Хадижат Мадина Сакинат Зарема Айшат Джамиля Салихат Умукусум"
)
DA_SURNAMES = _w(
    "Магомедов Гаджиев Алиев Абдуллаев Омаров Рамазанов Курбанов Исмаилов Гасанов Гусейнов "
    "Ибрагимов Расулов Абакаров Мусаев Шамилов Юсупов Сулейманов Меджидов Кадиев Магомедрасулов "
    "Муртузалиев Халилов Дибиров Гамзатов Нурбагандов"
)

# Azerbaijani names: (Russian-form Cyrillic, Azerbaijani Latin).
AZ_MALE: tuple[tuple[str, str], ...] = (
    ("Эльчин", "Elçin"), ("Рашад", "Rəşad"), ("Ильгар", "İlqar"), ("Вугар", "Vüqar"),
    ("Эльнур", "Elnur"), ("Орхан", "Orxan"), ("Туран", "Turan"), ("Самир", "Samir"),
    ("Фарид", "Fərid"), ("Руслан", "Ruslan"), ("Рамиль", "Ramil"), ("Анар", "Anar"),
    ("Заур", "Zaur"), ("Эмиль", "Emil"), ("Тофиг", "Tofiq"), ("Джавид", "Cavid"),
    ("Мамед", "Məmməd"), ("Гусейн", "Hüseyn"), ("Али", "Əli"), ("Намиг", "Namiq"),
    ("Шахин", "Şahin"), ("Рустам", "Rüstəm"), ("Эльдар", "Eldar"), ("Камран", "Kamran"),
    ("Теймур", "Teymur"),
)  # fmt: skip
AZ_FEMALE: tuple[tuple[str, str], ...] = (
    ("Айгюн", "Aygün"), ("Гюнай", "Günay"), ("Лейла", "Leyla"), ("Севиндж", "Sevinc"),
    ("Нигяр", "Nigar"), ("Айтен", "Aytən"), ("Наргиз", "Nərgiz"), ("Гюльнар", "Gülnar"),
    ("Ульвия", "Ülviyyə"), ("Сабина", "Sabina"), ("Туркан", "Türkan"), ("Кёнуль", "Könül"),
)  # fmt: skip
AZ_SURNAMES: tuple[tuple[str, str], ...] = (
    ("Мамедов", "Məmmədov"), ("Гусейнов", "Hüseynov"), ("Гасанов", "Həsənov"),
    ("Гулиев", "Quliyev"), ("Исмаилов", "İsmayılov"), ("Ахмедов", "Əhmədov"),
    ("Абдуллаев", "Abdullayev"), ("Керимов", "Kərimov"), ("Джафаров", "Cəfərov"),
    ("Рзаев", "Rzayev"), ("Бабаев", "Babayev"), ("Садыхов", "Sadıqov"), ("Мусаев", "Musayev"),
    ("Аббасов", "Abbasov"), ("Наджафов", "Nəcəfov"), ("Велиев", "Vəliyev"),
    ("Гаджиев", "Hacıyev"), ("Халилов", "Xəlilov"), ("Агаев", "Ağayev"),
    ("Мирзоев", "Mirzəyev"), ("Сулейманов", "Süleymanov"), ("Байрамов", "Bayramov"),
)  # fmt: skip

AR_MALE = _w(
    "محمد أحمد علي عبد_الله عمر خالد يوسف حسين حسن محمود مصطفى إبراهيم عبد_الرحمن سعيد "
    "عثمان طارق ياسر جمال ناصر فيصل حمزة بلال عمار أنس زياد وليد كريم ماجد عادل حامد رشيد "
    "منصور سليمان إسماعيل عيسى موسى يحيى زكريا إدريس هشام عماد أيمن سامي مراد نبيل فارس جابر "
    "قاسم صالح صلاح سعد عبد_العزيز عبد_الرحيم عبد_القادر عبد_الكريم عبد_الملك حمد سلمان راشد "
    "طلال معاذ"
)
AR_FEMALE = _w(
    "فاطمة مريم عائشة خديجة زينب نور سارة أمينة حنان ليلى هدى سلمى أسماء رقية هاجر سمية "
    "ياسمين رانيا"
)
# Nisbas and tribal names, written with the article.
AR_NISBAS = _w(
    "المصري الشامي العراقي الحلبي التميمي الدوسري العتيبي القحطاني الشمري الحربي الزهراني "
    "الغامدي المطيري الأنصاري الهاشمي الجبوري الدليمي العبيدي الكبيسي الخطيب النجار الحداد "
    "العمري اليمني الحضرمي الجزائري التونسي المغربي الحسيني"
)
AR_FAMILIES = _w("منصور حداد خليل حمدان بوزيد بلقاسم")
# Names a kunya (Abu ...) is built on.
KUNYA_NAMES = _w(
    "محمد عبد_الله عمر حمزة يوسف إبراهيم خالد بكر علي حسن معاذ طلحة زبير عبيدة أنس إسماعيل "
    "عبد_الرحمن سليمان"
)
# (kunya name, nisba) pairs that would spell a well-known nom de guerre; never generated.
FAMOUS_KUNYAS = frozenset(
    {
        ("حمزة", "المصري"),
        ("عبيدة", "المصري"),
        ("عمر", "الشيشاني"),
        ("محمد", "المصري"),
        ("بكر", "الشيشاني"),
        ("أنس", "الشامي"),
        ("طلحة", "الألماني"),
    }
)
# The nisba a foreign fighter of an origin or nationality is given in a kunya.
ORIGIN_NISBAS: dict[str, str] = {
    "russian": "الروسي",
    "ukrainian": "الروسي",
    "uzbek": "الأوزبكي",
    "kazakh": "الكازاخي",
    "tajik": "الطاجيكي",
    "kyrgyz": "القرغيزي",
    "chechen": "الشيشاني",
    "dagestani": "الداغستاني",
    "azerbaijani": "الأذري",
    "turkish": "التركي",
    "DE": "الألماني",
    "AT": "الألماني",
    "FR": "الفرنسي",
    "GB": "البريطاني",
    "BE": "البلجيكي",
    "US": "الأمريكي",
    "ES": "الإسباني",
    "IT": "الإيطالي",
    "SE": "السويدي",
    "NL": "الهولندي",
}

FA_MALE = _w(
    "محمد علی حسین رضا مهدی حسن امیر مصطفی سعید مجید جواد حمید علیرضا محمدرضا مرتضی احمد "
    "عباس ابراهیم کامران بهروز فرهاد داوود یوسف جعفر محسن هادی پرویز کاظم صادق"
)
FA_FEMALE = _w("فاطمه زهرا مریم زینب سارا نرگس مهسا لیلا شیرین پریسا مینا الهام سمیه معصومه نازنین")
FA_SURNAMES = (
    *_w(
        "محمدی حسینی احمدی رضایی موسوی جعفری کریمی رحیمی هاشمی صادقی قاسمی حیدری نوری کاظمی "
        "اکبری عباسی مرادی رستمی امینی ابراهیمی نجفی یوسفی شریفی طاهری بهرامی زارعی علیزاده "
        "رضازاده"
    ),
    "حسین\u200cزاده",
    "قلی\u200cزاده",
)

TR_MALE = _w(
    "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Ramazan Halil "
    "Süleyman Abdullah Mahmut Salih Kemal Emre Burak Serkan Fatih Uğur Yasin Hakan Cengiz Orhan "
    "Erkan Tolga Onur Selim Şükrü Gökhan"
)
TR_FEMALE = _w(
    "Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hanife Merve Özlem Büşra "
    "Esra Gülsüm Aysel Derya"
)
TR_SURNAMES = _w(
    "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç "
    "Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz Çakır Erdem Yavuz Can Acar Şen "
    "Aktaş Güler Yalçın Güneş Bozkurt Bulut Keskin Ünal Turan Gül Özer"
)

# Western pools: (male given names, female given names, surnames).
WESTERN: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "de": (
        _w("Thomas Michael Andreas Stefan Daniel Christian Markus Sebastian Jan Lukas Florian "
           "Tobias Jonas Dennis Kevin Jürgen"),
        _w("Julia Anna Sarah Laura Katharina Lisa Lena Sandra Nicole Stefanie Jana Melanie"),
        _w("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
           "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Braun Krüger Böhm"),
    ),
    "fr": (
        _w("Nicolas Julien Thomas Alexandre Kévin Maxime Romain Sébastien Mathieu Antoine "
           "Clément Jérôme Yannick Jean Pierre"),
        _w("Marie Camille Julie Léa Manon Émilie Chloé Sarah Pauline Céline Aurélie"),
        _w("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
           "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Girard Lambert Bonnet"),
    ),
    "en": (
        _w("James John David Michael Daniel Thomas Matthew Christopher Ryan Jack Adam Luke "
           "Joshua Tyler Brandon"),
        _w("Sarah Emma Laura Rebecca Jessica Hannah Charlotte Sophie Amy Lucy"),
        _w("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
           "Robinson Thompson Wright Walker White Hughes Edwards Green Hall Miller Davis"),
    ),
    "nl": (
        _w("Jan Pieter Daan Lucas Thijs Bram Ruben Jeroen Wouter Stijn Jonas Kevin"),
        _w("Anna Sanne Lotte Femke Eva Lisa Lieke Inge"),
        ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "de Jong", "Jansen",
         "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
         "de Boer", "Mulder", "De Smet", "Claes", "Goossens"),
    ),
    "es": (
        _w("Antonio José Manuel Francisco David Javier Daniel Carlos Jesús Alejandro Miguel "
           "Rafael Pablo Sergio"),
        _w("María Carmen Ana Laura Lucía Marta Cristina Isabel Elena Sara Paula"),
        _w("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
           "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero"),
    ),
    "it": (
        _w("Marco Andrea Luca Alessandro Giuseppe Francesco Matteo Lorenzo Davide Simone "
           "Federico Riccardo Stefano Giovanni"),
        _w("Giulia Francesca Sara Chiara Martina Valentina Alessia Federica Elena Silvia"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
         "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
         "Giordano", "Rizzo", "Lombardi", "Moretti"),
    ),
    "sv": (
        _w("Erik Lars Karl Anders Johan Per Nils Mikael Jonas Oskar Anton"),
        _w("Anna Eva Maria Karin Sara Elin Emma Sofia"),
        _w("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
           "Gustafsson Pettersson Lindberg Lindström Åberg"),
    ),
}  # fmt: skip
# Which pool a Western country's names come from.
WESTERN_POOL = {
    "DE": "de", "AT": "de", "FR": "fr", "BE": "nl", "NL": "nl", "GB": "en", "US": "en",
    "ES": "es", "IT": "it", "SE": "sv",
}  # fmt: skip

# Organisation names. Russian: (type in Russian, its English, whether the name is quoted).
RU_ORG_TYPES: tuple[tuple[str, str], ...] = (
    ("Благотворительный фонд", "Charitable Foundation"),
    ("Общественный фонд", "Public Foundation"),
    ("Общественное объединение", "Public Association"),
    ("Исламский культурный центр", "Islamic Cultural Centre"),
    ("ООО", "LLC"),
    ("Торговый дом", "Trading House"),
)
RU_ORG_WORDS = _w(
    "Рассвет Восход Надежда Единство Возрождение Наследие Братство Заря Восток Милосердие "
    "Согласие Рахма Иман Нур Сабр Иншаат Караван"
)
# Arabic: (pattern with {w} for the name word, English pattern).
AR_ORG_TYPES: tuple[tuple[str, str], ...] = (
    ("مؤسسة {w} الخيرية", "{W} Charitable Foundation"),
    ("جمعية {w}", "{W} Society"),
    ("هيئة إغاثة {w}", "{W} Relief Commission"),
)
AR_ORG_WORDS = _w("الفرقان النور الأمل الهدى البركة الرحمة الفجر التقوى الإحسان")
TR_ORG_TYPES: tuple[tuple[str, str], ...] = (
    ("{w} Yardımlaşma ve Dayanışma Derneği", "{w} Solidarity Association"),
    ("{w} İnsani Yardım Vakfı", "{w} Humanitarian Aid Foundation"),
    ("{w} Dış Ticaret Ltd. Şti.", "{w} Foreign Trade Ltd."),
)
TR_ORG_WORDS = _w("Umut Bereket Hilal Köprü Şafak Işık Rahmet Doğu Güneş")
WESTERN_ORGS = (
    "Northern Light Relief Trust",
    "Open Hands Humanitarian Aid",
    "Crescent Bridge Foundation",
    "New Horizon Charity",
    "Helping Hand Association",
    "Bright Path Relief",
    "Green Valley Trading Ltd",
    "Eastern Star Logistics",
    "Harbour Gate Imports",
    "Silver Road Exchange",
)
# Composed Western organisation names: adjective, noun, kind (Northern Bridge Relief Trust).
WESTERN_ORG_ADJECTIVES = _w(
    "Northern Southern Eastern Western Silver Golden Green Bright New Open Crescent Harbour "
    "Blue Red White Clear True First Global United Royal Central Coastal Highland Riverside"
)
WESTERN_ORG_NOUNS = _w(
    "Light Star Bridge Horizon Path Road Valley Gate Hands Hope Crescent Harbour Tree Well "
    "Spring River Stone Wind Sun Field Way Haven Oak Anchor Compass Lantern"
)
WESTERN_ORG_KINDS = _w(
    "Relief_Trust Foundation Charity Association Trading_Ltd Logistics Imports Exchange "
    "Humanitarian_Aid Holdings Consulting Services Partners Transport Freight"
)

# Places of birth per country (English names).
CITIES: dict[str, tuple[str, ...]] = {
    "RU": ("Moscow", "Saint Petersburg", "Kazan", "Ufa", "Novosibirsk", "Yekaterinburg",
           "Samara", "Rostov-on-Don", "Volgograd", "Krasnodar", "Nizhny Novgorod", "Astrakhan",
           "Orenburg", "Tyumen", "Saratov"),
    "RU-CE": ("Grozny", "Gudermes", "Urus-Martan", "Shali", "Argun", "Achkhoy-Martan", "Vedeno"),
    "RU-DA": ("Makhachkala", "Derbent", "Khasavyurt", "Buynaksk", "Kizlyar", "Kaspiysk"),
    "UA": ("Kyiv", "Kharkiv", "Odesa", "Dnipro", "Lviv", "Zaporizhzhia", "Donetsk", "Mykolaiv"),
    "KZ": ("Almaty", "Shymkent", "Astana", "Karaganda", "Aktobe", "Taraz", "Atyrau", "Turkistan"),
    "UZ": ("Tashkent", "Samarkand", "Namangan", "Andijan", "Fergana", "Bukhara", "Qarshi", "Nukus"),
    "TJ": ("Dushanbe", "Khujand", "Kulob", "Bokhtar", "Istaravshan", "Panjakent"),
    "KG": ("Bishkek", "Osh", "Jalal-Abad", "Karakol", "Naryn", "Batken"),
    "AZ": ("Baku", "Ganja", "Sumqayit", "Mingachevir", "Lankaran", "Shaki"),
    "GE": ("Tbilisi", "Duisi", "Jokolo"),
    "SA": ("Riyadh", "Jeddah", "Mecca", "Medina", "Dammam", "Buraidah", "Abha"),
    "EG": ("Cairo", "Alexandria", "Giza", "Asyut", "Mansoura", "Minya"),
    "JO": ("Amman", "Zarqa", "Irbid", "Ma'an", "Salt"),
    "IQ": ("Baghdad", "Mosul", "Basra", "Fallujah", "Ramadi", "Kirkuk", "Tikrit"),
    "SY": ("Damascus", "Aleppo", "Homs", "Idlib", "Deir ez-Zor", "Raqqa", "Hama"),
    "YE": ("Sanaa", "Aden", "Taiz", "Mukalla"),
    "LY": ("Tripoli", "Benghazi", "Misrata", "Derna", "Sabha"),
    "TN": ("Tunis", "Sfax", "Sousse", "Kairouan", "Bizerte", "Ben Guerdane"),
    "DZ": ("Algiers", "Oran", "Constantine", "Annaba", "Blida", "Batna"),
    "MA": ("Casablanca", "Rabat", "Fez", "Marrakesh", "Tangier", "Tetouan"),
    "LB": ("Beirut", "Tripoli", "Sidon"),
    "AE": ("Dubai", "Abu Dhabi", "Sharjah"),
    "IR": ("Tehran", "Mashhad", "Isfahan", "Tabriz", "Shiraz", "Ahvaz", "Qom", "Zahedan"),
    "AF": ("Kabul", "Herat", "Mazar-i-Sharif", "Kandahar"),
    "TR": ("Istanbul", "Ankara", "Izmir", "Gaziantep", "Şanlıurfa", "Konya", "Adana",
           "Diyarbakır", "Bursa"),
    "DE": ("Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt am Main", "Dortmund", "Bremen"),
    "AT": ("Vienna", "Graz", "Linz"),
    "FR": ("Paris", "Marseille", "Lyon", "Toulouse", "Nice", "Lille", "Strasbourg"),
    "BE": ("Brussels", "Antwerp", "Liège", "Charleroi"),
    "NL": ("Amsterdam", "Rotterdam", "The Hague", "Utrecht"),
    "GB": ("London", "Birmingham", "Manchester", "Leeds", "Glasgow", "Cardiff"),
    "US": ("New York", "Chicago", "Houston", "Minneapolis", "Los Angeles"),
    "ES": ("Madrid", "Barcelona", "Valencia", "Seville", "Ceuta", "Melilla"),
    "IT": ("Rome", "Milan", "Naples", "Turin", "Bologna"),
    "SE": ("Stockholm", "Gothenburg", "Malmö"),
}  # fmt: skip
