/**
 * The most common passwords from public breach corpora (top of the SecLists / NCSC "100k most used" lists),
 * lower-cased. Short ones stay on the list because people pad them ("password2024!"): the rule also refuses
 * a listed word followed only by digits and punctuation.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `123456 123456789 12345678 password qwerty123 qwerty 1q2w3e4r 12345 111111 1234567890 1234567 123123 000000
abc123 password1 iloveyou 1234 qwertyuiop 123321 654321 666666 dragon 121212 monkey letmein football 123qwe
sunshine princess admin welcome shadow superman michael baseball master trustno1 passw0rd hello freedom whatever
qazwsx 1qaz2wsx zaq12wsx zaq1zaq1 qwe123 qwer1234 asdfgh asdfghjkl zxcvbnm zxcvbnm123 1q2w3e 1q2w3e4r5t
1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 987654321 9876543210 0987654321 11111111 1111111111 00000000
0000000000 12341234 12121212 11223344 112233 1122334455 123654 1234qwer qwerty12 qwerty1 qwertyui
qwertyuiop123 asdf1234 asdfasdf abcd1234 abcdefg abcdefgh abcdefghij abcdef 1234abcd a1b2c3d4 a1b2c3
password12 password123 password1234 password12345 passwort motdepasse contrasena senha parola wachtwoord
iloveyou1 iloveyou2 iloveyou123 loveyou lovely loveme love123 babygirl baby123 jesus jesus1 christ
football1 baseball1 basketball soccer hockey batman spiderman starwars pokemon naruto charlie charlie1
jordan23 jordan michelle jennifer jessica daniel andrew joshua matthew anthony thomas robert william
ashley amanda nicole samantha taylor hannah harley hunter ranger buster tigger ginger pepper cookie
chocolate cheese banana orange purple summer winter autumn spring flower friends family forever
computer internet access access14 secret secret123 login login123 admin123 admin1234 administrator root
toor changeme changeme123 default guest guest123 test test123 test1234 testing tester user user123
welcome1 welcome123 welcome2024 welcome2025 welcome2026 letmein1 letmein123 trustno1 master123
mustang corvette ferrari porsche mercedes yamaha harley1 liverpool chelsea arsenal barcelona
manchester newyork london paris berlin london123 america canada australia
qwerty123456 123456qwerty 123qweasd qweasdzxc qweasd 1qazxsw2 zaq1xsw2 !qaz2wsx 1qaz!qaz
aa123456 aa12345678 a123456 a12345678 abc12345 abcabc 123abc 123456a 123456789a 12345a 1234567a
999999 888888 777777 555555 444444 333333 222222 7777777 123456789012 1234554321 147258369 159753 741852963
963852741 789456123 456789 147258 159357 123698745 q123456 1a2b3c4d 5201314 woaini1314 18atcskd2w
3rjs1la7qe 3d8cubaj2e cimfbi7wkq 7758521 31415926 3141592653 01012000 01011990 19841984 20202020 20212021 20222022
20232023 20242024 20252025 20262026 2000 2020 2021 2022 2023 2024 2025 2026
sunshine1 princess1 shadow1 superman1 michael1 master1 dragon1 monkey1 football12 jessica1 ashley1
hello123 hello1234 hellohello helloworld goodbye whatever1 nothing someone anything everything
maplecourt keyway keyway123 smartlock door1234 frontdoor apartment rental landlord tenant
passpass pass1234 pass123 p@ssw0rd p@ssword pa55word pa$$w0rd passw0rd1 password! password1! password@123
qwerty!@# !@#$%^&* 1qaz@wsx qwerty@123 admin@123 abc@123 india@123 pakistan123 bangladesh
mypassword mypass yourpassword newpassword oldpassword temppassword temp1234 temporary
iloveu ihateyou fuckyou fuckoff asshole bitch 69696969 696969 nopassword blahblah
starwars1 pokemon1 minecraft fortnite roblox gaming gamer playstation xbox360 nintendo
whatever123 freedom1 killer soccer1 hockey1 tennis golfer fishing hunting
benjamin jackson daniel1 michael123 jennifer1 angel angels blessed blessing godisgood
1111122222 1212121212 1231231234 1234512345 1234567899 123456789q qwertyuiop1 asdfghjkl1 zxcvbnm1
mynoob unknown unknown123 computer1 internet1 samsung iphone apple apple123 google google123 facebook
linkedin twitter youtube microsoft windows windows10 linux ubuntu oracle mysql postgres
`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
