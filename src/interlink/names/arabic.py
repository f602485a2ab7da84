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
    "arabic_spellings",
    "arabic_variants",
    "icao_mrz_arabic",
    "in_tables",
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
عمرو|Amr|Amr|Amr|Amr|Amr|Amr|Amro,Amru
أسامة|Usama|Osama|Osama|Oussama|Usame|Osameh|Usamah,Ousama
بشير|Bashir|Bashir|Bashir|Bachir|Beşir|Bashir|Basheer
فايز|Fayiz|Fayez|Fayez|Fayez|Faiz|Faez|Faiz
فواز|Fawwaz|Fawaz|Fawaz|Fawaz|Fevvaz|Favaz|
إياد|Iyad|Iyad|Eyad|Iyad|İyad|Eyad|
رياض|Riyad|Riad|Riyad|Riad|Riyad|Riyaz|Riyadh,Riadh
وائل|Wail|Wael|Wael|Wael|Vail|Vael|
نادر|Nadir|Nader|Nader|Nadir|Nadir|Nader|
جميل|Jamil|Jamil|Gamil|Djamil|Cemil|Jamil|Jameel
كمال|Kamal|Kamal|Kamal|Kamel|Kemal|Kamal|Kamel
منذر|Mundhir|Munzir|Monzer|Mondher|Münzir|Monzer|Munther
ثامر|Thamir|Thamer|Samer|Thamer|Samir|Samer|
قصي|Qusay|Qusai|Qosai|Koussai|Kusay|Ghosay|Kusay
عدي|Uday|Udai|Oday|Oudai|Uday|Oday|Odai
رامي|Rami|Rami|Ramy|Rami|Rami|Rami|
مازن|Mazin|Mazen|Mazen|Mazen|Mazin|Mazen|
ماهر|Mahir|Maher|Maher|Maher|Mahir|Maher|
غسان|Ghassan|Ghassan|Ghassan|Ghassen|Gassan|Ghassan|
بسام|Bassam|Bassam|Bassam|Bassem|Bessam|Bassam|
هاني|Hani|Hani|Hany|Hani|Hani|Hani|
فراس|Firas|Firas|Feras|Firas|Firas|Feras|
عصام|Isam|Issam|Essam|Issam|İsam|Esam|
أنور|Anwar|Anwar|Anwar|Anouar|Enver|Anvar|
خليفة|Khalifa|Khalifa|Khalifa|Khelifa|Halife|Khalifeh|Khalifah
سلطان|Sultan|Sultan|Soltan|Soltane|Sultan|Soltan|
سيف|Sayf|Saif|Seif|Seif|Seyf|Seyf|
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
باقر|Bagher|Baqer|Baqir|Bakir
تقی|Taghi|Taqi|Taqi|
نقی|Naghi|Naqi|Naqi|
اکبر|Akbar|Akbar|Akbar|
اصغر|Asghar|Asqar|Asghar|
غلام|Gholam|Ghulam|Ghulam|Golam,Qolam
وحید|Vahid|Wahid|Wahid|
مجتبی|Mojtaba|Mujtaba|Mujtaba|
جمشید|Jamshid|Jamshed|Jamshid|
یعقوب|Yaghoub|Yaqub|Yaqub|Yaghoob,Yakub
ابوالفضل|Abolfazl|Abulfazl|Abu al-Fadl|Abolfazel
قلی‌زاده|Gholizadeh|Qolizadeh|Qulizada|Golizadeh
"""

_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ۀ": "ه"}
)
_FOLD_KEEP_MAQSURA = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ی": "ي", "ک": "ك", "ۀ": "ه"}
)
_PERSIAN_LETTERS = frozenset("پچژگکی")
# Sun letters: the article assimilates to them (ash-Shami, ad-Dawsari, an-Najjar).
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")


@dataclass(frozen=True, slots=True)
class _Entry:
    forms: dict[str, str]
    extras: tuple[str, ...]


@lru_cache(maxsize=1 << 16)
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
# How each label reads the letters whose value differs by region (STANDARDS §3.9): Gulf
# English writes ض ظ as dh (Fadhil, Kadhim), Egypt ج as g, the Maghreb ج as dj, Turkish and
# Persian ذ ض ظ as z and ث ص as s, Persian ق as gh (Bagher, Ghasem), consonantal و as v in
# Persian (Mousavi) and ou in the Maghreb (Hamraoui), and Persian or Levantine spellings end
# ة in -eh (Hilweh).
_GUESS_LABEL: dict[str, dict[str, str]] = {
    "standard": {},
    "english": {"ض": "dh", "ظ": "dh"},
    "egyptian": {"ج": "g", "ذ": "z", "ث": "s", "ظ": "z"},
    "maghreb": {"ج": "dj", "ث": "t", "ذ": "d", "ق": "k", "و": "ou"},
    "turkish": {"ذ": "z", "ض": "z", "ظ": "z", "ث": "s", "ق": "k"},
    "persian": {"ذ": "z", "ض": "z", "ظ": "z", "ث": "s", "ق": "gh", "و": "v", "ة": "eh"},
    "persian_alt": {"ذ": "z", "ض": "z", "ظ": "z", "ث": "s", "و": "v", "ة": "eh"},
}
# Letters before which و and ي are consonants (w, y) rather than long vowels (u, i).
_VOWEL_LETTERS = frozenset("اةى")
# Two rendered consonants that Latin spelling would read as one sound (s+h is not sh, t+z is
# not ts): Persian readings put a vowel between them (Sepehr, Morteza, Fatehi); the others
# keep the cluster, as the press writes Fathi for فتحي.
_DIGRAPHS = frozenset(("th", "sh", "kh", "gh", "ph", "dh", "zh", "ch", "ts", "tz", "sz", "dz"))


def _guess(token: str, label: str = "standard") -> str:
    """A rough rendering of a token the table lacks: consonants plus the long vowels written,
    the letters read as ``label`` reads them (see ``_GUESS_LABEL``). An initial ع is a vowel
    (Adnan, Omar), a final ى is alif (Salwa, Musa; Egyptian spelling also writes final ي so),
    و and ي before a vowel letter or a final ي are consonants (Nawal, Hilweh, Mousavi)."""
    letters = _HARAKAT.sub("", token).translate(_FOLD_KEEP_MAQSURA)
    local = _GUESS_LABEL.get(label, {})
    out: list[str] = []
    last = len(letters) - 1
    for i, ch in enumerate(letters):
        following = letters[i + 1] if i < last else ""
        if ch == "و":
            final_yeh = following == "ي" and i + 1 == last
            consonant = i == 0 or following in _VOWEL_LETTERS or final_yeh
            if consonant and i > 0 and letters[i - 1] == "و":
                consonant = False  # داوود: the second و of a pair is the vowel
            text = local.get(ch, "w") if consonant else "u"
        elif ch == "ي":
            text = "y" if i == 0 or (following in _VOWEL_LETTERS and 0 < i < last) else "i"
        elif ch == "ى":
            text = "i" if label == "egyptian" or i < last else "a"
        elif ch == "ع" and i == 0:
            text = "a"
        else:
            text = local.get(ch, _GUESS.get(ch, ch))
        if label.startswith("persian") and out and out[-1][-1:] + text[:1] in _DIGRAPHS:
            text = "e" + text
        out.append(text)
    rendered = "".join(out)
    return rendered[:1].upper() + rendered[1:]


@lru_cache(maxsize=1 << 16)
def _guessed(token: str) -> _Entry:
    """``_guess`` in every label, made once per token: a token the tables lack (a family
    name) recurs across names. The entry is shared: it is not changed."""
    return _Entry({label: _guess(token, label) for label in _LABELS}, ())


# Particles that never start an X + الله compound (عبد الله is in the table).
_PARTICLES = frozenset(("عبد", "بن", "ابن", "بنت", "ابو", "ام", "ولد"))
# Compounds written as two words or one (STANDARDS §3.9): X + الله (Nasrallah, Habibollah,
# Asadullah) and X + الدين (Izz al-Din, Ezzeddine, Nureldin). The first word is read by the
# table or guessed; the compound is one name part, like Abd al-Rahman.
_COMPOUND_ENDINGS = {
    "الله": {"standard": "ullah", "english": "ullah", "egyptian": "allah", "maghreb": "allah",
             "turkish": "ullah", "persian": "ollah", "persian_alt": "ullah"},
    "الدين": {"standard": "uddin", "english": "uddin", "egyptian": "eldin", "maghreb": "eddine",
              "turkish": "eddin", "persian": "eddin", "persian_alt": "oddin"},
}  # fmt: skip
_COMPOUND_EXTRAS = {"الله": ("allah", "ullah"), "الدين": ("eddine", "eldin", "addin", "uddin")}
# Glued to a following name in Persian usage (Mohammadbagher, Aliakbar, Gholamhossein).
_GLUED_PREFIXES = ("محمد", "علي", "غلام")


def _compound(first: str, ending: str, persian: bool) -> _Entry:
    entry = _lookup(_key(first), persian) or _guessed(first)
    forms = {label: entry.forms[label] + end for label, end in _COMPOUND_ENDINGS[ending].items()}
    base = entry.forms["persian" if persian else "english"]
    extras = tuple(base + end for end in _COMPOUND_EXTRAS[ending])
    return _Entry(forms, extras)


def _split_compound(key: str) -> tuple[str, str] | None:
    """A token glued from a first word and الله / الدين, or from a common first name and a
    table name (محمدباقر), as its two words; None otherwise."""
    for ending in _COMPOUND_ENDINGS:
        if key.endswith(ending) and len(key) >= len(ending) + 2 and key != "عبدالله":
            return key[: -len(ending)], ending
    for prefix in _GLUED_PREFIXES:
        rest = key[len(prefix) :]
        if key.startswith(prefix) and len(rest) >= 3 and rest in _single_word_keys():
            return prefix, rest
    return None


@lru_cache(maxsize=1)
def _single_word_keys() -> frozenset[str]:
    return frozenset(k for k in (*_ARABIC, *_PERSIAN) if " " not in k)


@dataclass(frozen=True, slots=True)
class _Piece:
    entry: _Entry
    article: bool  # written with the article ال
    sun: bool  # ... which assimilates to the stem's first letter


def _lookup(key: str, persian: bool) -> _Entry | None:
    first, second = (_PERSIAN, _ARABIC) if persian else (_ARABIC, _PERSIAN)
    return first.get(key) or second.get(key)


def in_tables(token: str) -> bool:
    """True when the curated tables list ``token`` (an Arabic-script word), article aside."""
    key = _key(token)
    stem = key[2:] if key.startswith("ال") and len(key) > 3 else key
    return any(k in table for table in (_ARABIC, _PERSIAN) for k in (key, stem))


def is_persian(text: str) -> bool:
    """True when ``text`` uses a letter of the Persian alphabet that Arabic lacks."""
    return any(ch in _PERSIAN_LETTERS for ch in text)


@lru_cache(maxsize=1 << 15)
def _analyse(text: str, persian: bool) -> tuple[_Piece, ...]:
    tokens: list[str] = []
    for token in text.split():
        split = None if _lookup(_key(token), persian) else _split_compound(_key(token))
        tokens.extend(split or (token,))
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
            ending = _key(tokens[i + 1])
            if ending in _COMPOUND_ENDINGS and _key(token) not in _PARTICLES:
                pieces.append(_Piece(_compound(token, ending, persian), False, False))
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
            found = _lookup(stem, persian) or _guessed(token[len(token) - len(stem) :])
            pieces.append(_Piece(found, True, stem[0] in _SUN_LETTERS))
        else:
            pieces.append(_Piece(_guessed(token), False, False))
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


def _rendered(pieces: tuple[_Piece, ...], label: str) -> tuple[str, ...]:
    return tuple(
        (_ARTICLE[label] + p.entry.forms[label]) if p.article else p.entry.forms[label]
        for p in pieces
    )


def _render(pieces: tuple[_Piece, ...], label: str) -> str:
    return " ".join(_rendered(pieces, label))


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
    return [(label, " ".join(words)) for label, words in arabic_spellings(name, persian=persian)]


def arabic_spellings(
    name: str, *, persian: bool | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """``arabic_variants`` with each spelling as the words it is joined from (one per word of
    the name as the tables read it; a word may hold a space or hyphen: al-Baghdadi, Abd
    al-Rahman): the same words recur across names, and a reader can read each once."""
    is_fa = is_persian(name) if persian is None else persian
    pieces = _analyse(name, is_fa)
    base = "persian" if is_fa else "english"
    out: dict[str, tuple[str, tuple[str, ...]]] = {}

    def add(label: str, words: tuple[str, ...]) -> None:
        text = " ".join(words)
        if text not in out:
            out[text] = (label, words)

    # An Arabic-letter name may be Iranian all the same: the Persian readings come last.
    for label in PERSIAN_SYSTEMS if is_fa else (*ARABIC_SYSTEMS, "persian", "persian_alt"):
        add(label, _rendered(pieces, label))
    add("icao_mrz", tuple(icao_mrz_arabic(name).split(" ")))
    if any(p.article for p in pieces):
        for label, style in _ARTICLE_VARIANTS.items():
            add(label, tuple(
                style(p.entry.forms[base], p.sun) if p.article else p.entry.forms[base]
                for p in pieces
            ))  # fmt: skip
    words = _rendered(pieces, base)
    for i, piece in enumerate(pieces):
        for extra in piece.entry.extras:
            with_extra = list(words)
            with_extra[i] = (_ARTICLE[base] + extra) if piece.article else extra
            add("variant", tuple(with_extra))
    return list(out.values())


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
