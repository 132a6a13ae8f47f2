/**
 * The most common passwords from public breach corpora (top of the widely published "most common passwords" lists),
 * lower-cased. Rejected at sign-up and password change.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey
letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777
121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew
tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer
michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess
joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix minecraft william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver
222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan welcome
falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo
spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore
banana junior hannah 123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby
0000 miller boston q1w2e3r4 fuckoff brandon yamaha chester mother forever johnny edward 333333 oliver redsox player
nikita knight fender barney midnight please brandy chicago badboy iwantu slayer rangers charles angel flower bigdaddy
rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties
marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321
golden 8675309 ashley1 password1 password123 passw0rd p@ssw0rd p@ssword qwerty123 qwerty1 welcome1 welcome123
admin admin123 administrator letmein1 changeme changeme123 default guest root toor login abc12345 iloveyou1
football1 monkey1 sunshine1 princess1 azerty azerty123 000000000 1q2w3e 1q2w3e4r5t zaq12wsx qwertz passwort
motdepasse contraseña senha parola hallo123 liverpool chelsea1 arsenal1 manchester barcelona realmadrid
rapport rapport123 crm12345 customer password! password1! qwerty12 asdf1234 asdfghjkl zxcvbnm1 11223344 12341234
abcd1234 abcdefgh aaaaaaaa 12121212 123abc 1234abcd a1b2c3d4 trustno1! superman1 batman123 iloveyou2 loveyou
secret123 master123 dragon123 shadow123 baseball1 starwars1 whatever1 sunshine123 letmein123 welcome2024
welcome2025 welcome2026 summer2024 summer2025 summer2026 winter2024 winter2025 winter2026 spring2025 autumn2025`
    .split(/\s+/)
    .filter(Boolean),
);
