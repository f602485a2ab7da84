"""Word stems and affixes that family names are composed from (see ``surnames``).

Only parts are listed here: roots of Slavic surnames, name stems of Central Asia and the
Caucasus, Persian stems and suffixes, Arabic nisbas, Turkish and Western compounds. Scripts as in
``pools``: Cyrillic, Arabic and the Latin alphabets of the languages.
"""

from __future__ import annotations


def _w(text: str) -> tuple[str, ...]:
    """Split a list on white space; "_" joins the words of one entry."""
    return tuple(word.replace("_", " ") for word in text.split())


def _triples(text: str) -> tuple[tuple[str, str, str], ...]:
    """A ``_w`` list of "a|b|c" entries as triples."""
    out = []
    for entry in _w(text):
        a, b, c = entry.split("|")
        out.append((a, b, c))
    return tuple(out)


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """A ``_w`` list of "a|b" entries as pairs."""
    out = []
    for entry in _w(text):
        a, b = entry.split("|")
        out.append((a, b))
    return tuple(out)


# Russian roots taking -ов/-ев (Белов, Гусев), -ин/-ын (Пушкин, Синицын) and -ский/-цкий.
RU_OV_ROOTS = _w(
    "Бел Черн Сер Рыж Глух Лыс Мал Толст Крив Сух Добр Бык Волк Бобр Гус Жук Ёрш Карп Лещ Ерш "
    "Сом Чиж Грач Коршун Кречет Сокол Ястреб Голуб Снегир Сыч Журавл Лебед Баран "
    "Быч Телят Козл Жеребц Медведк Зуб Рог Хвост Клыч Ус Нос Лоб Бород Пузыр Горб Гладк "
    "Плотник Бондар Гончар Мельник Пастух Пекар Рыбак Сапожник Токар Кожевник Шорник "
    "Ткач Колесник Овчинник Пономар Дьяк Старост Писар Сотник Стрельц Пушкар Ямщик "
    "Мороз Снег Ветр Гром Туман Дожд Гор Лес Луг Бор Дуб Клён Берез Осин Ольх Рябин Калин "
    "Малин Вишен Ягод Орех Горох Пшен Овс Мак Лук Чеснок Капуст Реп Морков Хлеб Калач Блин "
    "Пирог Квас Мед Сахар Сол Перц Камен Желез Мед Серебр Злат Свинц Олов Угл Глин "
    "Никифор Ефим Тимофе Прохор Гаврил Кондрат Евсе Мокее Савел Лукьян Демьян Емельян Касьян "
    "Трофим Нестор Игнат Филат Харитон Пахом Панкрат Архип Афанась Денис Тихон Назар Елисе "
    "Мирон Макар Антип Агафон Анисим Ереме Фадее Корнил Клим Мартын Остап Потап Спиридон Захар "
    "Ларион Родион Семён Фирс Вавил Гурь Ермол Кирс Пимен Сидор Филипп Фрол Абрам "
    "Бирюк Буян Бурлак Казак Татар Мордвин Черкас Немч Литвин Карел Мещер "
    "Балаш Батур Булат Карамыш Кочет Куртыш Сабур Тугар Улан Шарап Юсуп "
    "Сверчк Рябчик Перепел Куропат Тетер Глухар Скворц Воробыш Дятл Кукушк "
    "Крупен Ковыл Полын Лопух Камыш Тростн Осок Мох Вереск Хмел Солод"
)
RU_IN_ROOTS = _w(
    "Пушк Сорок Синиц Галк Курочк Ворон Птиц Лисиц Кошк Мышк Собак Уточк Зайчик Белк "
    "Ванюш Петрушк Сашк Мишк Гришк Тимошк Федотк Яшк Митюш Алёшк Серёжк Андрюшк Васютк Павлуш "
    "Ерох Тимох Сенюх Кузьм Фок Лук Сав Никит Фом Кузьм Елизар Мин Ерём Трош Гаврюш "
    "Блинк Пышк Бабк Репк Вишенк Калинк Ягодк Шишк Пятк Колотушк Дудк Гудк "
    "Балабан Баран Бур Дёмк Лапш Мухортк Сытк "
    "Шишмар Щербак Юрк Зотк Лёвк Моск Рябинк Сёмк "
)
RU_SKY = _w(
    "Вознесенский Преображенский Рождественский Троицкий Успенский Богоявленский Покровский "
    "Никольский Архангельский Введенский Воскресенский Благовещенский Спасский Крестовский "
    "Знаменский Петропавловский Михайловский Георгиевский Дмитриевский Флоровский Ильинский "
    "Казанский Смоленский Владимирский Тверской Рязанский Тульский Калужский Новгородский "
    "Псковский Ярославский Костромской Вологодский Орловский Курский Брянский Тамбовский "
    "Пензенский Саратовский Симбирский Вятский Пермский Уральский Донской Волжский Окский "
    "Камский Сибирский Луговской Лесовский Боровский Дубровский Полянский Озерский "
    "Раевский Ольховский Березовский Липецкий Сосновский Ореховский Яблонский "
    "Грушевский Малиновский Калиновский Рябиновский Вишневецкий Высоцкий Белецкий Городецкий "
    "Новицкий Соколовский Ястребский Голубовский Журавский Лебединский Гусевский Медынский"
)
# Compound Russian surnames: an adjective and a noun (Белоусов, Долгоруков, Чернобородов).
RU_COMPOUND_HEADS = _w(
    "Бело Черно Ново Старо Долго Криво Толсто Сухо Мало Красно Рыже Седо "
    "Лысо Тонко Широко Голо Косо Дико Тихо Весело"
)
RU_COMPOUND_TAILS = _w(
    "ус рук ног бород голов брюх глаз нос зуб ух лоб плеч шей пуз бок лап "
    "хвост ворот двор пол мест сел град гор"
)

# Ukrainian roots taking -енко, -ук/-юк, -чук, -ишин (Бондаренко, Бондарук, Бондарчук).
UA_ROOTS = _w(
    "Бондар Гончар Коваль Мельник Ткач Шевч Кравч Пономар Кушнір Рибал Пасіч Чумак "
    "Козак Сотник Осадч Степан Іван Петр Павл Марк Федор Гнат Остап Тарас Семен "
    "Данил Кирил Харитон Яким Мирон Максим Назар Гриць Мусій Охрім Сидор Трохим Юхим Нестер "
    "Давид Опанас Онисим Порфир Лук Клим Савч Дмитр Михайл Романч Васил Богдан Ярем "
    "Корн Мороз Вовк Лис Сокол Голуб Дрозд Ворон Гриб Дуб Берез Калин Вишн "
    "Горох Мак Гарбуз Кулик Шпак Чиж Борис Гаврил Левч Корол Дяч Писар "
    "Хом Руд Сив Чорн Біл Глух Білоус Довгопол Нечипор Прокоп Панас Гордій Свирид "
    "Тимош Зінов Олекс Левк Юрч Ігнат Панкрат Демч Кондрат Оліфір Стець Тимч Філіпп Фесь"
)

# Central Asian and Caucasian name stems (surnames add -ов/-ев; Тошпўлат -> Тошпўлатов).
UZ_STEMS = _w(
    "Абдураҳмон Абдуҳалил Аҳмад Бобур Бахтиёр Валижон Ғулом Дадахон Жўра Зокир Иброҳим Камол "
    "Комил Латиф Мавлон Мирзо Мурод Неъмат Норқул Нурали Ойбек Пўлат Раҳмат Саидмурод Собир "
    "Тошпўлат Тўхта Умид Файзулла Ҳамид Ҳайдар Холиқ Хайрулла Шавкат Шокир Эргаш Юлдош Якуб "
    "Абдуваҳоб Абдулаҳад Аваз Ашраф Бегмат Бердимурод Давронбек Жалол Зайниддин Исломбек "
    "Қаҳҳор Қурбон Маъмур Мамат Муҳиддин Набижон Нуриддин Олим Пирмат Раҳматулла Салим "
    "Тилло Турғун Убайдулла Фахриддин Ҳакимбек Хусан Шарофиддин Эшмат Юнус Ёқуб Ғофур"
)
KZ_STEMS = _w(
    "Абай Әбділда Ақан Алдаберген Бекен Болат Дәулет Досым Ертай Жақып Жанайдар Жексен "
    "Зейнолла Ибрай Кәрім Қожахмет Құрман Мақсұт Мырзахмет Нұрғали Оразалы Рақым Сағынтай "
    "Сапар Сейілхан Тілеу Тоқтар Өмірзақ Шәріп Ысқақ Айтбай Бейсен Дүйсен Есен Жолдас Қали "
    "Қуаныш Мұқан Нығмет Орынбай Сәрсен Тұрар Уәли Шалқар Байбол Ғабит Дінмұхамед Елубай"
)
KG_STEMS = _w(
    "Абдыкалык Айтмат Асанкул Бакир Бектемир Данияр Жумабай Калыбек Кудайберди Мамбет Молдо "
    "Нурдин Орозбек Сапар Таштанбек Токтогул Урмат Чолпонбай Шамшы Эсенбек Ысман Алымбек "
    "Бейшен Дөөлөт Жапар Каныбек Көчкөр Мукай Ногой Осмон Рыспай Сулайман Төлөн Үсөн Чыңгыз"
)
TJ_STEMS = _w(
    "Абдураҳим Аҳмад Бобоҷон Ғаффор Додо Зайнулло Икром Камол Латиф Маҳмуд Мирзоали Наҷмиддин "
    "Нурулло Олим Пӯлод Саъдулло Табар Файзулло Хоҷа Шариф Шукур Юнус Ятим Амон Бахром "
    "Гулмурод Давлатбек Исмат Каромат Маъруф Некқадам Озод Ризо Султон Тағо Ҳайдар Ҷалол"
)
# Chechen and Dagestani stems in Russian spelling (Муцаев, Гаджимурадов).
CE_STEMS = _w(
    "Абу Ада Айдами Алхазур Бекмурза Вахи Гайрбек Гелани Дени Довта Жамалди Зайнди Иналук "
    "Кюри Леча Мажид Мовлди Нажуди Нурди Оса Рамзан Сайд Солта Таус Умалт Усман Хамзат Хасмагомед "
    "Цуц Шахид Эльбрус Юнади Ясу Батал Висхан Горчхан Дуда Ибрагим Муца Садулла Тамерлан Хожа"
)
DA_STEMS = _w(
    "Абдулгамид Абдулмеджид Алиасхаб Амирхан Ахмедхан Газимагомед Гаджимурад Гамзат Гасбулла "
    "Джабраил Загид Ибадулла Камалутдин Курамагомед Магомедгаджи Магомедшапи Муртуз Нурмагомед "
    "Омаргаджи Рабадан Сайпулла Ханмагомед Хизри Шахбан Юсуп Абдулкадыр Алигаджи Гусейнгаджи "
    "Давуд Зиявутдин Исрапил Кадимагомед Мирзабек Насрулла Пахрудин Сагид Темирхан Убайдула"
)
# Name stems that end a compound before -ов (Нурали + бек -> Нуралибеков).
CA_ENDINGS: dict[str, tuple[str, ...]] = {
    "uzbek": _w("бек жон қул"),
    "kazakh": _w("бай бек"),
    "kyrgyz": _w("бек бай"),
    "chechen": _w("хан мирза"),
    "dagestani": _w("гаджи хан"),
}
# Azerbaijani stems: (Russian-form Cyrillic, Azerbaijani Latin).
AZ_STEMS: tuple[tuple[str, str], ...] = (
    ("Алекпер", "Ələkbər"), ("Алескер", "Ələsgər"), ("Аллахверди", "Allahverdi"),
    ("Бахрам", "Bəhram"), ("Вагиф", "Vaqif"), ("Гадир", "Qədir"), ("Гамбар", "Qənbər"),
    ("Гасым", "Qasım"), ("Гахраман", "Qəhrəman"), ("Джалал", "Cəlal"), ("Джамал", "Camal"),
    ("Зейнал", "Zeynal"), ("Ибрагим", "İbrahim"), ("Имран", "İmran"), ("Исрафил", "İsrafil"),
    ("Кязим", "Kazım"), ("Мирза", "Mirzə"), ("Мустафа", "Mustafa"), ("Назар", "Nəzər"),
    ("Нуру", "Nuru"), ("Панах", "Pənah"), ("Рагим", "Rəhim"), ("Рамазан", "Ramazan"),
    ("Рустам", "Rüstəm"), ("Сафар", "Səfər"), ("Тагы", "Tağı"), ("Фатали", "Fətəli"),
    ("Халил", "Xəlil"), ("Шахмар", "Şahmar"), ("Юсиф", "Yusif"), ("Аскер", "Əsgər"),
    ("Байрам", "Bayram"), ("Гара", "Qara"), ("Ширин", "Şirin"), ("Идрис", "İdris"),
    ("Мехти", "Mehdi"), ("Новруз", "Novruz"), ("Самед", "Səməd"), ("Талыб", "Talıb"),
    ("Эйваз", "Eyvaz"), ("Габиб", "Həbib"), ("Азиз", "Əziz"), ("Шукюр", "Şükür"),
    ("Ханлар", "Xanlar"), ("Бабир", "Babir"), ("Алимардан", "Əlimərdan"), ("Джафар", "Cəfər"),
)  # fmt: skip

# Persian stems: (Persian script, Iranian spelling, standard romanization).
FA_STEMS: tuple[tuple[str, str, str], ...] = _triples(
    "محمد|Mohammad|Muhammad احمد|Ahmad|Ahmad علی|Ali|Ali حسین|Hossein|Husayn حسن|Hasan|Hasan "
    "کریم|Karim|Karim رحیم|Rahim|Rahim جعفر|Jafar|Jafar کاظم|Kazem|Kazim عباس|Abbas|Abbas "
    "اکبر|Akbar|Akbar امین|Amin|Amin نصر|Nasr|Nasr جواد|Javad|Jawad بهرام|Bahram|Bahram "
    "رستم|Rostam|Rustam جمشید|Jamshid|Jamshid کامران|Kamran|Kamran فرهاد|Farhad|Farhad "
    "خسرو|Khosrow|Khusraw داریوش|Dariush|Dariyush شهرام|Shahram|Shahram سهراب|Sohrab|Suhrab "
    "یزدان|Yazdan|Yazdan ایزد|Izad|Izad نور|Nour|Nur شمس|Shams|Shams مهر|Mehr|Mihr "
    "صدر|Sadr|Sadr قاسم|Ghasem|Qasim باقر|Bagher|Baqir غفار|Ghaffar|Ghaffar حمید|Hamid|Hamid "
    "مجید|Majid|Majid سعید|Saeed|Said "
    "مهدی|Mehdi|Mahdi یوسف|Yousef|Yusuf ابراهیم|Ebrahim|Ibrahim "
    "اسماعیل|Esmail|Ismail یعقوب|Yaghoub|Yaqub منصور|Mansour|Mansur ناصر|Naser|Nasir "
    "طاهر|Taher|Tahir صادق|Sadegh|Sadiq شریف|Sharif|Sharif نجف|Najaf|Najaf حیدر|Heidar|Haydar "
    "اصغر|Asghar|Asghar قلی|Gholi|Quli حاجی|Haji|Haji میرزا|Mirza|Mirza سلطان|Soltan|Sultan "
    "شاه|Shah|Shah خان|Khan|Khan بیگ|Beig|Bayg دولت|Dolat|Dawlat نیک|Nik|Nik پاک|Pak|Pak "
    "روشن|Roshan|Rawshan آزاد|Azad|Azad فرخ|Farrokh|Farrukh خرم|Khorram|Khurram "
    "بهمن|Bahman|Bahman اسفند|Esfand|Isfand آذر|Azar|Azar کیان|Kian|Kiyan ایرج|Iraj|Iraj "
    "منوچهر|Manouchehr|Manuchihr فریدون|Fereydoun|Faridun کیوان|Keyvan|Kaywan "
    "سیاوش|Siavash|Siyavush بیژن|Bijan|Bizhan هوشنگ|Houshang|Hushang پرویز|Parviz|Parwiz "
    "نادر|Nader|Nadir شاپور|Shapour|Shapur اردشیر|Ardeshir|Ardashir گودرز|Goudarz|Gudarz "
    "فتح|Fath|Fath اسد|Asad|Asad شیر|Shir|Shir ملک|Malek|Malik زمان|Zaman|Zaman "
    "مرتضی|Morteza|Murtada مصطفی|Mostafa|Mustafa رضا|Reza|Rida موسی|Mousa|Musa عیسی|Isa|Isa "
    "یحیی|Yahya|Yahya هادی|Hadi|Hadi تقی|Taghi|Taqi نقی|Naghi|Naqi"
)
# Place stems taking -ی only (تهرانی Tehrani): (script, Iranian spelling, standard).
FA_PLACES: tuple[tuple[str, str, str], ...] = _triples(
    "تهران|Tehran|Tihran شیراز|Shiraz|Shiraz اصفهان|Esfahan|Isfahan تبریز|Tabriz|Tabriz "
    "کرمان|Kerman|Kirman یزد|Yazd|Yazd "
    "قزوین|Ghazvin|Qazwin رشت|Rasht|Rasht کاشان|Kashan|Kashan "
    "همدان|Hamedan|Hamadan مشهد|Mashhad|Mashhad خراسان|Khorasan|Khurasan گیلان|Gilan|Gilan "
    "مازندران|Mazandaran|Mazandaran زنجان|Zanjan|Zanjan اردبیل|Ardabil|Ardabil "
    "سمنان|Semnan|Simnan سبزوار|Sabzevar|Sabzawar نیشابور|Neyshabour|Nishapur قم|Ghom|Qum "
    "شوشتر|Shoushtar|Shushtar دزفول|Dezfoul|Dizful بهبهان|Behbahan|Bihbahan لار|Lar|Lar "
    "کرمانشاه|Kermanshah|Kirmanshah ساوه|Saveh|Sawa اراک|Arak|Arak گرگان|Gorgan|Gurgan "
    "بیرجند|Birjand|Birjand کاشمر|Kashmar|Kashmar بروجرد|Boroujerd|Burujird "
    "خلخال|Khalkhal|Khalkhal اهواز|Ahvaz|Ahwaz مراغه|Maragheh|Maragha تفرش|Tafresh|Tafrish "
    "نطنز|Natanz|Natanz فراهان|Farahan|Farahan دامغان|Damghan|Damghan طالقان|Taleghan|Taliqan"
)
# Persian suffixes: (script, Iranian spelling, second Iranian spelling, standard).
FA_SUFFIXES: tuple[tuple[str, str, str, str], ...] = (
    ("ی", "i", "i", "i"), ("\u200cزاده", "zadeh", "-zadeh", "zada"),
    ("\u200cپور", "pour", "pur", "pur"), ("\u200cنژاد", "nejad", "nezhad", "nizhad"),
    ("\u200cفر", "far", "far", "far"), ("\u200cنیا", "nia", "nia", "niya"),
    ("\u200cراد", "rad", "rad", "rad"), ("\u200cمنش", "manesh", "manesh", "manish"),
    ("وند", "vand", "vand", "wand"), ("\u200cآبادی", "abadi", "abadi", "abadi"),
    ("\u200cخانی", "khani", "khani", "khani"), ("لو", "lou", "lu", "lu"),
)  # fmt: skip

# Arabic nisbas and family words (without the article): (Arabic script, English spelling).
AR_NISBA_STEMS: tuple[tuple[str, str], ...] = _pairs(
    "دمشقي|Dimashqi حمصي|Homsi حموي|Hamawi ادلبي|Idlibi حوراني|Hourani نابلسي|Nabulsi "
    "خليلي|Khalili قدسي|Qudsi غزاوي|Ghazzawi بيروتي|Beiruti طرابلسي|Trabulsi "
    "صيداوي|Saidawi موصلي|Mawsili بصري|Basri كوفي|Kufi نجفي|Najafi "
    "فلوجي|Falluji رمادي|Ramadi حديثي|Hadithi عاني|Ani راوي|Rawi اسكندراني|Iskandarani "
    "اسيوطي|Asyuti منوفي|Manufi دمياطي|Dumyati شرقاوي|Sharqawi صعيدي|Saidi فيومي|Fayoumi "
    "حجازي|Hijazi نجدي|Najdi مكي|Makki مدني|Madani طائفي|Taifi جداوي|Jeddawi "
    "عسيري|Asiri تهامي|Tuhami صنعاني|Sanaani عدني|Adani تعزي|Taizi مصراتي|Misrati "
    "درناوي|Darnawi قيرواني|Qayrawani صفاقسي|Sfaxi سوسي|Soussi وهراني|Wahrani "
    "فاسي|Fassi مراكشي|Marrakshi طنجاوي|Tanjawi تطواني|Tetouani عماني|Omani "
    "بحريني|Bahraini كويتي|Kuwaiti قطري|Qatari سوداني|Sudani اردني|Urduni "
    "لبناني|Lubnani بقاعي|Biqai عنزي|Anazi شهري|Shahri "
    "سلمي|Sulami جهني|Juhani بلوي|Balawi سبيعي|Subaie رشيدي|Rashidi خالدي|Khalidi "
    "زبيدي|Zubaidi عزاوي|Azzawi جنابي|Janabi كعبي|Kaabi مري|Marri هاجري|Hajri "
    "يامي|Yami بقمي|Buqami حارثي|Harthi شهراني|Shahrani قرني|Qarni بكري|Bakri "
    "صديقي|Siddiqi فاروقي|Faruqi علوي|Alawi حسني|Hasani ادريسي|Idrisi "
    "سعدي|Saadi شافعي|Shafii حنبلي|Hanbali مالكي|Maliki نعيمي|Nuaimi كناني|Kinani "
    "تغلبي|Taghlibi ربيعي|Rubaie خزرجي|Khazraji اوسي|Awsi طائي|Tai شمراني|Shamrani "
    "عبدلي|Abdali سهلي|Sahli بلوشي|Balushi حمداني|Hamdani عقيلي|Uqaili "
    "خياط|Khayyat عطار|Attar صباغ|Sabbagh دباغ|Dabbagh حلاق|Hallaq قصاب|Qassab "
    "خباز|Khabbaz طحان|Tahhan جزار|Jazzar صائغ|Sayegh زيات|Zayyat سمان|Samman "
    "بيطار|Bitar حكيم|Hakim قاضي|Qadi امام|Imam مفتي|Mufti كاتب|Katib حلواني|Halwani "
    "جمال|Jammal سقا|Saqqa فرا|Farra نحاس|Nahhas شماع|Shammaa صواف|Sawwaf قباني|Qabbani "
    "حصري|Husri خضري|Khudari بزاز|Bazzaz دهان|Dahhan حمامي|Hammami فحام|Fahham "
    "كيالي|Kayyali منجد|Munajjid شواف|Shawwaf جباوي|Jabbawi ساعاتي|Saati بابا|Baba"
)

# Turkish surnames: a head and a tail (Kara + kaya, Öz + türk, Ak + taş).
TR_HEADS = _w(
    "Kara Ak Öz Er Gök Yıl Demir Kaya Bay Tan Şen Can Ay Gün Kök Sarı Koca Uz Tek Al Bil Ucar "
    "Ateş Yurt Güven Baş Çelik Tuna Ege Aras Dağ Taş Deniz Altın Gümüş Kurt Boz Ok Tuz Yazıcı "
    "Kılıç Şahin Doğan Kartal Erden Tok Ün İnce Uysal Soy Ekin"
)
TR_TAILS = _w(
    "kaya taş demir türk can han soy dağ yol su er kan baş tekin göz el alp yiğit kurt "
    "arslan doğan tepe bey gül ok ay tan oğlu gün yıldız ocak bulut ova yel akın ay er man "
    "dere çay göl kılıç kalkan ata ateş pınar"
)
# Turkish endings for given names and words (Hasanoğlu, Özer, Güler).
TR_NAME_ROOTS = _w(
    "Ahmet Hasan Mustafa Osman Hacı Ali Halil Hüseyin Kemal Musa İsa Yakup Emin Murat Salih "
    "Ömer Hamit Süleyman Rıza Veli Yunus İbrahim Şükrü Cemal Bekir Kadir Nuri Recep Temel"
)

# Western roots and endings, per pool.
WESTERN_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        _w(
            "Ash Black Brad Brook Cal Cran Dal East Fair Hart Hol Lang Lind Marsh Mid North Oak "
            "Pen Red Rock Shel South Stan Thorn Wake West Whit Wood Win Bar Bur Chester Cole "
            "Dun Elm Fen Gold Green Hay Kings Lock Mill Moor New Pem Ral Sand Stock Sut"
        ),
        _w(
            "ley ton ford field wood well worth by ham bury more stone brook wick den land "
            "shaw ridge dale cote hurst"
        ),
    ),
    "de": (
        _w(
            "Acker Alt Bach Berg Brand Brunn Buch Dorn Eich Eisen Falken Feld Fichten Grün Hart "
            "Heil Hell Hohen Kirch Kessel Lang Linden Mühl Neu Ober Rosen Roth Schön Schwarz "
            "Sonnen Stein Wald Weiß Wein Winter Blum Eng Fuchs Hage Hirsch Kalten Kreuz Lauter"
        ),
        _w(
            "mann er berg bach feld hof hauser meier bauer huber stein baum wald thal born "
            "brunner mayer dorf"
        ),
    ),
    "fr": (
        _w(
            "Mor Ren Bern Bert Gir Guill Lamb Rich Rob Thib Arn Gaut Barr Bouch Chev Fourn "
            "Garn Bourg Chap Clém Ferr Gasc Jourd Lav Marc Mich Pasc Pell Poul Rouss Tourn Vid"
        ),
        _w("eau el et ot in ard and aud on ier ault elle"),
    ),
    "nl": (
        _w(
            "Oost West Noord Zuid Hoog Nieuw Oud Zand Hout Kerk Berg Dal Eik Ham Mole Ros Wind "
            "Broek Bloem Heuvel Schoon Lind Wester Ooster Hil Beek Velde Akker"
        ),
        _w("dijk hoven beek broek donk wijk veld berg huizen dam bosch meer horst kamp hout voort"),
    ),
    "es": (
        _w(
            "Benítez Domínguez Enríquez Íñiguez Márquez Méndez Núñez Ordóñez Peláez Ramírez "
            "Suárez Téllez Velázquez Vélez Ibáñez Ortiz Gil Vázquez Castillo Torres Herrera "
            "Navarro Molina Delgado Castro Ortega Rubio Serrano Blanco Morales Ramos Iglesias "
            "Medina Garrido Cortés Santos Guerrero Lozano Cano Prieto Méndez Calvo Gallego Vidal "
            "León Márquez Peña Flores Cabrera Campos Vega Fuentes Carrasco Diez Caballero Reyes "
            "Nieto Aguilar Pascual Santana Herrero Montero Lorenzo Hidalgo Giménez Duran Benavides "
            "Pastor Soler Parra Esteban Bravo Gallardo "
            "Rojas Pardo Merino Franco Espinosa Izquierdo "
            "Lara Rivas Silva Rivera Casado Arias Sanz Mora Soto Bermúdez Valero Mendoza Marín"
        ),
        _w("Cruz Fuente Vega Torre Peña Rosa Paz Sierra Mora Hoz Serna Calle Iglesia Llave"),
    ),
    "it": (
        _w(
            "Bianc Ross Ner Grec Gall Marin Ricc Sart Ferr Cost Lomb Mor Fior Bell Mart Franc "
            "Pell Cap Rizz Bald Grass Lun Mazz Sant Sorr Gentil Vitt Bert Bond Cecc"
        ),
        _w("i o etti elli ini one ucci ozzi ello etto"),
    ),
    "sv": (
        _w(
            "Berg Lind Ek Sjö Stjern Al Gran Ask Björk Holm Dahl Lund Ström Nord Sand Hag "
            "Fors Lil Sten Ros Ny Väst Öst Sval Ljung"
        ),
        _w("berg lund ström gren qvist holm dahl mark man blad stedt vall bäck kvist by"),
    ),
}
# Given names behind Western patronymic surnames (Dickson, Janssens, Pettersson).
WESTERN_PATRONYMS: dict[str, tuple[tuple[str, ...], str]] = {
    "en": (
        _w("Dick Robert Richard Harri Wat Hud Jack Ander Ed Nel Pat Will Gib Dob Hob Stephen"),
        "son",
    ),
    "sv": (
        _w("Sven Magnus Gunnar Axel Bengt Hjalmar Ivar Rolf Ture Bertil Göran Håkan Stig"),
        "sson",
    ),
    "nl": (
        _w("Hendrick Wouter Gerard Maarten Joris Lambert Adriaen Frans Geert Willem Michiel"),
        "s",
    ),
}
