import type { IncidentTypeId } from '../../../src/core/incidents/incident-types';
import { detectIncident } from '../../../src/core/policy/incident-detector';

// Written for this test, separate from the eval fixtures: each row is how a member of staff might put it.
const incidents: [string, IncidentTypeId][] = [
  [
    'A year 9 girl added me on Instagram and her mum says it is fine, can I accept?',
    'pupil_contact',
  ],
  ['One of my tutees keeps messaging me on Snapchat at night', 'pupil_contact'],
  ['A boy who left last summer and is 18 sent me a friend request', 'pupil_contact'],
  ['A pupil from the secondary school down the road followed me on TikTok', 'pupil_contact'],
  [
    "A parent found my personal number and has been texting me about her son's detention",
    'parent_contact',
  ],
  ['A dad messaged me on Facebook Messenger asking about the trip', 'parent_contact'],
  ['Someone made a fake account pretending to be me and is posting lies', 'online_abuse'],
  ['Parents are slagging me off in a WhatsApp group', 'online_abuse'],
  ["I'm being harassed on Twitter because of a post about the school", 'online_abuse'],
  ['A naked picture of a year 10 pupil is going round and one was shown to me', 'indecent_images'],
  ['I found nudes of a student on a shared laptop', 'indecent_images'],
  [
    "I'm worried a boy in my class is watching extremist videos and repeating far-right views",
    'radicalisation',
  ],
  ['A pupil told me an older man online is asking her to send photos', 'pupil_online_safety'],
  ['A student says she is being cyberbullied in a group chat', 'pupil_online_safety'],
  ['A gambling advert popped up on the whiteboard during my lesson', 'inappropriate_content'],
  ["I think the web filter isn't blocking adult sites on the pupil iPads", 'inappropriate_content'],
  ['A colleague has been posting photos of pupils on her personal Instagram', 'staff_conduct'],
  ['I noticed another teacher is friends with pupils on Facebook', 'staff_conduct'],
  ['I sent the class list with medical notes to the wrong parent by mistake', 'data_breach'],
  ['My laptop with pupil reports on it was stolen from my car', 'data_breach'],
  ['A journalist from the local paper rang me about the incident', 'media_contact'],
  // Receiving someone else's data is a breach as much as sending it.
  ['A parent forwarded me an email in error with another family\'s address in it', 'data_breach'],
  ['Got a spreadsheet from the office that was meant for someone else, it has free school meals data', 'data_breach'],
  // Seeing data one should not have access to is a breach to report; "IS" in capitals is Islamic State.
  ["I've just found I can open the HR folder with everyone's salaries in it, I shouldn't have access", 'data_breach'],
  ['A Year 7 boy keeps talking about the IS videos he watches at home', 'radicalisation'],
  // Support staff by their usual titles are colleagues.
  ['An HLTA in year 4 has been messaging a pupil on Snapchat', 'staff_conduct'],
  ['The ECT next door keeps posting about her class on TikTok', 'staff_conduct'],
  ['There are abusive comments under the school Facebook post about the play', 'school_account'],
];

// How staff actually type it: plain narration, reported speech, no fixed trigger phrase.
const narrated: [string, IncidentTypeId][] = [
  ['Year 8 lad messaged me on discord over the weekend', 'pupil_contact'],
  ['Kid I taught last year (17 now, at college) sent me a follow request', 'pupil_contact'],
  ['Y3 mum has added me on Snapchat, no idea how she found me', 'parent_contact'],
  ['One of the dads WhatsApped me at 11pm about the school trip', 'parent_contact'],
  ['A mum is posting on the village Facebook group that I shout at the children', 'online_abuse'],
  ['Someone made an Instagram account in my name', 'online_abuse'],
  ['Kids were watching gory fight clips on the classroom chromebooks', 'inappropriate_content'],
  ['I found a nude photo on the class iPad', 'inappropriate_content'],
  ['A girl in year 9 says a topless photo of her is going round on Snapchat', 'indecent_images'],
  ['A boy airdropped a naked picture of a classmate to half the bus', 'indecent_images'],
  ['Y10 lad has swastikas all over his exercise book and says Hitler was right', 'radicalisation'],
  [
    'A student told me immigrants deserve to be attacked, he gets it from a Telegram channel',
    'radicalisation',
  ],
  [
    'One of my Y6s said a man on Roblox asked her to keep their chats secret',
    'pupil_online_safety',
  ],
  [
    'A girl in my tutor group is meeting up with a 19 year old she met online',
    'pupil_online_safety',
  ],
  ['The new cover supervisor posted a class photo on her own TikTok', 'staff_conduct'],
  ['Emailed the year 11 predicted grades to my personal Gmail to finish at home', 'data_breach'],
  ['My work laptop got nicked from the staff room', 'data_breach'],
  [
    'Someone from the local radio station rang asking for an interview about the closure',
    'media_contact',
  ],
  ['Nobody can log in to the school Instagram since the office manager left', 'school_account'],
  [
    'Someone has copied our school Facebook page and is messaging parents from it',
    'school_account',
  ],
  // Being on an app or site is an event; people who publish are media; calls to arms and recruitment are Prevent matters.
  ['A TA was on a betting site on the classroom PC', 'inappropriate_content'],
  ['A podcaster wants me to talk about our Ofsted result', 'media_contact'],
  ['A blogger has been emailing me about our exclusions', 'media_contact'],
  ['A lad in year 10 keeps saying we should take up arms against the police', 'radicalisation'],
  ['An older boy is recruiting pupils into a nationalist movement on Telegram', 'radicalisation'],
];

// Two types compete: the one offered must be who is at risk, or who did it.
const contested: [string, IncidentTypeId][] = [
  // A pupil writing to my personal address is contact, not a data breach by me.
  ['A Year 10 boy has messaged my personal Gmail about his homework', 'pupil_contact'],
  ['My niece says a lad in her class shares clips praising a terror group', 'radicalisation'],
  // A parent abusing me, not a pupil at risk, even though "danger" and "kids" appear.
  ['A parent is telling people on Facebook I am a danger to kids', 'online_abuse'],
  // "I'm a danger" is about me; only "I'm a TA" introduces the asker.
  ["A dad is saying on the village Facebook page that I'm a danger to children", 'online_abuse'],
  ["I'm a TA and a year 10 boy keeps messaging me on Instagram", 'pupil_contact'],
  // A colleague's conduct seen by me is not abuse of me.
  [
    'I saw a teacher from our school being rude about parents in a public Facebook group',
    'staff_conduct',
  ],
  // A colleague who only passes on the news, or whom I told, is not the subject of a conduct report.
  ['The cover supervisor told me a year 9 keeps sending her friend requests', 'pupil_contact'],
  ['A pupil sent me a friend request, should I tell my line manager?', 'pupil_contact'],
  ['A colleague keeps sending me abusive messages', 'online_abuse'],
  // Data sent wrongly by email is a breach; explicit content arriving by email is content on school IT.
  ['I emailed the SEN register to another family by mistake', 'data_breach'],
  ['Opened an email on my school account and it was full of porn', 'inappropriate_content'],
  // A pupil or parent contacting me outranks weak risk words such as "asking for photos".
  ['A grandad of one of my pupils messaged me asking for photos from sports day', 'parent_contact'],
  // The pupil is the one at risk, though the sentence has the shape of a colleague's misconduct.
  [
    'A Year 7 has been talking to a 30 year old online who told her to keep it secret',
    'pupil_online_safety',
  ],
  ['A Year 8 keeps showing his mates IS-style clips on his phone', 'radicalisation'],
  ['A pupil found a really unpleasant website on the class laptop in my lesson', 'inappropriate_content'],
  // An eleventh set.
  ["The screen in the ICT suite was left on with a picture of a child I didn't like the look of", 'indecent_images'],
  ['I meant to paste the SEN list into the staff chat and put it in the parents group instead', 'data_breach'],
  ['The trainee downloaded some free game off a website onto the class laptop and now it is full of pop-ups', 'other'],
  ["My anonymous question box on Instagram is full of sexual comments and 'we know which road you live on'", 'online_abuse'],
  ["Some boys set up an account ranking the prettiest girls in Year 9 with photos", 'pupil_online_safety'],
  ['A child clicked a link on the iPads that brought up graphic, violent images, the filter missed it', 'inappropriate_content'],
  ["A mum sent me a photo her son was sent. I only glanced at it but I think it's a child and it's not right", 'indecent_images'],
  ['A laptop I am wiping has saved links with names that make me think they point to images of kids', 'indecent_images'],
  ["My partner teacher set up a public Instagram for our class and I don't think the head knows", 'school_account'],
  ["I've been arguing on Twitter about school closures and my bio says I teach here", 'staff_conduct'],
  ['A photo from swimming has caught a pupil in a way that could be seen completely wrong', 'indecent_images'],
  ['A colleague gave me her login to print and I could see the safeguarding files, I opened one', 'data_breach'],
  // A tenth set.
  ["A helper posted a clip in our volunteers' chat about taking back our streets", 'radicalisation'],
  ['Posted a story of my desk and the medical list is on the wall behind it, readable if you zoom', 'data_breach'],
  ['Meant to send the pupil premium list to a colleague on WhatsApp and it went to my running club chat instead', 'data_breach'],
  ["I posted a student's essay on our department X account and the corner of the screenshot shows another child's home address", 'data_breach'],
  ["Some Year 10s made a group chat about her and are ranking photos of her, she asked me not to tell", 'pupil_online_safety'],
  ['A boy on Fortnite keeps giving him V-Bucks and asked for a picture of him in his pyjamas', 'pupil_online_safety'],
  ["I started an Instagram for my Year 1 class and nobody told me there was a process", 'school_account'],
  ["The old PE lead set up the netball team's Instagram before she left and nobody has the login", 'school_account'],
  ['There are photos on the USB I found that I think are of children and definitely not OK', 'indecent_images'],
  ['Someone posted a link in the pub quiz chat that was clearly stuff involving kids, I did not click it', 'indecent_images'],
  ['One photo from the trip caught a child at a moment that should never have been photographed', 'indecent_images'],
  ["A colleague's dating profile shows her school lanyard and says where she works. Nothing rude, just a worry", 'staff_conduct'],
  ["A girl I taught years ago found me on Facebook saying I'm the reason she became a teacher and asked to connect", 'pupil_contact'],
  ['A Year 6 found a site full of racist and sexual jokes on the school laptops', 'inappropriate_content'],
  ['I put a free game from the app store on the club laptop and the office says I should not have', 'other'],
  ['I connected my smart speaker to the school wifi in the nurture room', 'other'],
  ['Clicked a dodgy link on my laptop and the antivirus keeps going off', 'other'],
  // A ninth set.
  ['A video in the staff group chat looked like it showed a child in a way it really should not', 'indecent_images'],
  ["A mum sent me a screenshot of one of our boys. I think it's the kind of picture that's illegal", 'indecent_images'],
  ["Some photos on the class tablet are of a child and I don't think they're ok", 'indecent_images'],
  ["I posted a question in a teachers' Facebook group and attached a screenshot of my seating plan by mistake", 'data_breach'],
  ['I posted a staffroom selfie and the allergy list is on the wall behind us with names', 'data_breach'],
  ["I got an email meant for a totally different school with a child's referral attached", 'data_breach'],
  ['One of my Year 6 mums found my personal email and keeps writing to me about homework', 'parent_contact'],
  ['A mum added me to the class WhatsApp and I want to leave without it looking rude', 'parent_contact'],
  ['A dad was handing out leaflets about defending our streets with a link to a channel', 'radicalisation'],
  ['A boy who left last summer keeps sending me snaps from a new account', 'pupil_contact'],
  ['Someone downloaded free games onto the after-school club laptops and they are throwing up pop-ups', 'other'],
  ['A visitor put her USB in the hall PC and it said threat detected', 'other'],
  ['A Year 4 threw a tablet and the screen is cracked', 'other'],
  ["I'm given a leaver's old laptop and there is a folder of adult videos on it", 'inappropriate_content'],
  ["I'm fairly sure someone in my department runs the page mocking parents, don't want to get anyone in trouble", 'staff_conduct'],
  // An eighth set.
  ["A supplier emailed my work address a 'funny' attachment and it's really sexist", 'inappropriate_content'],
  ["The memory stick I found has photos on it of children I don't think anyone should have", 'indecent_images'],
  ["Someone sent me a link on Discord saying it's pics of kids, I didn't click it", 'indecent_images'],
  ['A dinner lady shares videos about taking the country back on her Facebook', 'radicalisation'],
  ['One of the office staff keeps posting rants about the head on Facebook with the school tagged', 'staff_conduct'],
  ["A dad keeps messaging me on Instagram about lunches, he's not rude but it's every day", 'parent_contact'],
  ["A girl told me her cousin sends her challenges off TikTok, she's 7", 'pupil_online_safety'],
  ['I put a few photos from the Year 3 trip on my own Facebook and you can see the faces', 'staff_conduct'],
  ["There's a Facebook page calling itself our school's official page telling parents we're closed", 'school_account'],
  ['Year 1s keep talking about a video that tells kids to hurt themselves', 'pupil_online_safety'],
  ['A teacher has started an Instagram for the leavers and the head has no idea', 'school_account'],
  ["A stock photo agency says a picture on our website belongs to them and wants paying", 'other'],
  ['A TA keeps posting little digs about me in a mums Facebook group', 'online_abuse'],
  ['Someone left a comment with a porn link under our school Facebook post', 'inappropriate_content'],
  ['Pupils are piling on a Year 8 boy in the comments on the school Instagram', 'pupil_online_safety'],
  ['I posted the choir photo on the school Twitter and one girl must not be photographed', 'data_breach'],
  ['A boy whose mum I know from church is in my class, and she has sent me a friend request', 'parent_contact'],
  ['Someone has made an Instagram with my name and photos saying I hate my class', 'online_abuse'],
  ['When I went into the IT room tonight a PC was still logged on with a porn site open', 'inappropriate_content'],
  // A seventh set.
  ['Got a nasty email on my work account from someone I don\'t know, full of porn links', 'inappropriate_content'],
  ['Someone in a WhatsApp group sent a clip that involves a child and I think it is illegal', 'indecent_images'],
  ['A boy showed me an illegal picture of a girl in his class on his phone', 'indecent_images'],
  ['One of my photos from the swimming gala shows a child in a way that really shouldn\'t exist', 'indecent_images'],
  ['Sent the wrong screenshot to the class WhatsApp and it showed a pupil\'s medical notes', 'data_breach'],
  ['My TA put a game on the class laptop and I have no idea if it is licensed', 'other'],
  ['Just posted some sports day pics on my own Insta and there are kids in the background', 'staff_conduct'],
  ["I'm the Year 4 teacher. Parents say some of my class shared a video that mocks one of our girls", 'pupil_online_safety'],
  ['I set up a Facebook page for the school orchestra and the new head asked who approved it', 'school_account'],
  ["The teacher who ran our science department's Instagram left and nobody has the password", 'school_account'],
  ["Someone's set the library laptop background to a really explicit picture", 'inappropriate_content'],
  ['A Year 7 got round the filter and was on a random video chat site talking to adults he does not know', 'pupil_online_safety'],
  ['My Facebook still says where I work. There are old photos of me drinking on there and a pupil mentioned them', 'staff_conduct'],
  ['Plugged a memory stick into the classroom PC and the antivirus has started flashing up warnings', 'other'],
  // A sixth set.
  ["I'm fairly sure a colleague runs an anonymous TikTok making fun of our parents, I don't want to get her sacked", 'staff_conduct'],
  ['I had a rant on Facebook about how the head handled parents evening and it has been shared a lot', 'staff_conduct'],
  ["I've been putting a link to my jewellery shop in my school email signature", 'staff_conduct'],
  ['I shared my screen in a webinar and the SEN register was open in another tab', 'data_breach'],
  ["I've just been given access to a folder of staff contracts and I really shouldn't see these", 'data_breach'],
  ['I clicked a link on the office PC and now it keeps saying it is infected', 'other'],
  ['The supply teacher played a clip on the board and the advert had really graphic violent scenes in it', 'inappropriate_content'],
  ['Someone posted a meme with racist language in our Year 10 Teams channel', 'inappropriate_content'],
  ['A Year 5 girl keeps saying families like hers are being replaced and others needing to be sent back', 'radicalisation'],
  ['Some Year 6s made a fake account using a girl\'s photo and are posting nasty things as her', 'pupil_online_safety'],
  ['A man with a camera was filming outside the gates and asked me about the teacher who was suspended', 'media_contact'],
  ['The science department has started its own Instagram and it never went through SLT', 'school_account'],
  ['Someone installed a cracked copy of a video editor on the media suite computers', 'other'],
  // A fifth set of stories.
  ['Fixing a teacher\'s laptop I saw a folder I think may contain pictures of children, I closed it', 'indecent_images'],
  ['A stranger sent me a link on WhatsApp suggesting it leads to images of young girls', 'indecent_images'],
  ['I tweeted last night that our school\'s leadership are a joke and tagged the local paper', 'staff_conduct'],
  ["I need some advice. A colleague keeps sharing memes mocking gay people on his public page and I'm not his manager", 'staff_conduct'],
  ['Two of us set up an Instagram for fixtures and results and the head says we should have gone through her', 'school_account'],
  ["A teacher has made a Facebook page with the school's name on it for her class", 'school_account'],
  ["A girl in Year 5 says people from her estate are 'invaders' and her brother's online group is getting ready", 'radicalisation'],
  ['A boy keeps commenting under our school posts with links saying one religion should all be removed', 'radicalisation'],
  ['In my story last night the board behind me shows the class register with names, I have only just seen it', 'data_breach'],
  ['I meant to upload the seating plan to the staff drive but put it on the parents Facebook group instead', 'data_breach'],
  ['An attachment in the office inbox turned out to be really explicit, what do I do with it?', 'inappropriate_content'],
  ['A Year 4 boy says a friend from Fortnite wants him to move to a private chat app and keep their games secret', 'pupil_online_safety'],
  ['A pupil left her number under the school Facebook post and an adult account replied asking her to message him', 'pupil_online_safety'],
  ['Head of Year 9. Some of our pupils left nasty comments about another girl under our Instagram post', 'pupil_online_safety'],
  ['I posted the netball team photo on the school page and one girl in it is on the no photos list', 'data_breach'],
  ['An illustrator has emailed the office asking us to take down the drawing on our website banner', 'other'],
  ['I downloaded a free screen-recording app onto the classroom PC without asking anyone', 'other'],
  // And another, checked the same way.
  ['Year 9 lad was watching clips saying migrants are invaders and we need to take this country back', 'radicalisation'],
  ['A Y6 boy says his uncle wants him to go and fight overseas one day', 'radicalisation'],
  ["A TA posted a Facebook photo with the behaviour tracker behind her and you can read the kids' full names", 'data_breach'],
  ["I sent a parent a photo of the spelling test sheet and didn't crop it, so she can see everyone's scores", 'data_breach'],
  ['A parent showed me a video going round that has one of our girls in it and it looks really not right', 'indecent_images'],
  ['On the old staff laptop there are thumbnails of children that should not exist, I have stopped looking', 'indecent_images'],
  ['A boy in Year 7 keeps messaging a Year 5 girl asking her to send pictures of herself with her top off', 'pupil_online_safety'],
  ['Loads of my Year 3s are talking about a TikTok challenge where you hold your breath until you faint', 'pupil_online_safety'],
  ['Someone on a gaming site keeps asking one of my Year 4s which school he goes to', 'pupil_online_safety'],
  ['A governor shared a post mocking refugees on his public page, who would I tell?', 'staff_conduct'],
  ['Our Year 1 team made an Instagram for the class and someone said we should have asked first', 'school_account'],
  ['The head of PE left and nobody can get into the sixth form Twitter now', 'school_account'],
  ['Someone made a TikTok profile with my name and photo and is following pupils from it', 'online_abuse'],
  ['A man who runs a parenting podcast wants to interview me about our phone ban', 'media_contact'],
  ['Someone put a cracked copy of Office on the library computers', 'other'],
  ["I've plugged my own little home server into the network in my room for coding club", 'other'],
  // A further set of stories, each in its own words.
  ['A lunchtime volunteer shares posts cheering on attacks on synagogues and says we need to fight back', 'radicalisation'],
  ["I'm one of the parent helpers and a girl told me a man on her game wants photos and said keep it secret", 'pupil_online_safety'],
  ['Someone in my team keeps posting on her public Instagram about the worst child in her class', 'staff_conduct'],
  ['I meant to send the medical list to the office but it went into the class parents WhatsApp instead', 'data_breach'],
  ["I'm a trainee on placement in Year 6. A mum messaged me on Instagram about her son's spelling", 'parent_contact'],
  ['The browser history on the shared library login shows explicit adult sites from last night', 'inappropriate_content'],
  ['A pen drive I found had what I think are pictures of children nobody should have on it', 'indecent_images'],
  ["Two girls in my class have a group chat where they've been calling her names every night", 'pupil_online_safety'],
  ["A mum says a stranger keeps asking her 6-year-old on TikTok where she lives", 'pupil_online_safety'],
  ["A teacher started an Instagram called Oakfield Reception Stars and is posting the children's work", 'school_account'],
  ['I put the sports day photo on the school Twitter and in the background the clipboard shows the class list with names', 'data_breach'],
  ["I've been running a YouTube channel for the school band and was told I needed permission first", 'school_account'],
  ['A photographer has emailed saying I used her picture on the class blog without a licence', 'other'],
  ['I installed a free game on the classroom computers and IT say it had a virus', 'other'],
  // Gravest types in everyday words.
  ['The technician says a laptop had bookmarks to something illegal with kids in it, what now?', 'indecent_images'],
  ["The filter log shows someone searching for photos of young girls from a staff account", 'indecent_images'],
  ['A dad on the PTA keeps sharing posts praising an organisation that is banned here', 'radicalisation'],
  ['A Year 9 says people like him need to rise up and calls the man who bombed the concert a hero', 'radicalisation'],
  ['A mum told me her son is being told online to travel abroad when he is older to help the cause', 'radicalisation'],
  // Whose problem it is.
  ['I moderate our school Instagram and pupils are calling a Year 7 girl names under the netball photo', 'pupil_online_safety'],
  ["A parent added me on Facebook with a lovely message and it feels rude to ignore it, what do I do?", 'parent_contact'],
  ["A dad emailed me saying he knows where I park and I'd better watch myself", 'online_abuse'],
  ['Some Year 10s have been filming me in lessons and posting it with comments about my accent', 'online_abuse'],
  ['Someone got into the class page on our school website and wrote something rude about me on it', 'school_account'],
  ['I uploaded the allergy list to the school Facebook by mistake instead of the kit list', 'data_breach'],
  ['A man from a national paper has been ringing the office asking about one of our teachers', 'media_contact'],
  ["I emailed the class list with home addresses to a volunteer's personal Hotmail so she could help", 'data_breach'],
  ['Receptionist. A dad has found my personal Instagram and keeps messaging me about parking', 'parent_contact'],
  ["I'm a TA in Year 1. One of the dads sent me a Facebook message about his son's reading", 'parent_contact'],
  ['A video on the whiteboard had an advert come on with loads of swearing in front of my class', 'inappropriate_content'],
  ['Posted a selfie from my classroom and the seating plan with SEN notes is readable in the background', 'data_breach'],
  ['I got a horrible email to my school account from a parent calling me useless', 'online_abuse'],
  ['One of our form tutors has been messaging Year 11s on Snapchat', 'staff_conduct'],
  ['In tutor time a boy told me someone he met on Roblox wants him to keep their chats secret', 'pupil_online_safety'],
  ['One of my old students who left last year added me, and his dad says it is fine, he was a great lad', 'pupil_contact'],
  // Told the long way, as a worried person tells it.
  ['Someone sent a link round the staff email this morning and the video in it is really graphic. Do I just delete it?', 'inappropriate_content'],
  ['I put a rude reply under a local news post about our head after a long week, am I in trouble?', 'staff_conduct'],
  ["Clearing out the old iPads I found photos of pupils that I really don't think can be right. Who do I tell?", 'indecent_images'],
  ['A Year 5 girl keeps saying hateful things about a particular religion and watches clips that tell the real truth, she says', 'radicalisation'],
  ["I'm just a volunteer but a boy in Year 3 said a man on his game asked him to keep their chats secret", 'pupil_online_safety'],
  ['Our reception team started a class TikTok this week and nobody asked SLT', 'school_account'],
  ['Two colleagues keep making digs at me in the staff WhatsApp about my accent', 'online_abuse'],
  ['A TA shared a selfie from the office and you can clearly read the class medical list behind her', 'data_breach'],
  ["An email about a child's court hearing landed in my inbox and it really wasn't meant for me", 'data_breach'],
  // Finding access one should not have is something that happened, even told in the present tense.
  ["cover supervisor here, i can see the whole staff sickness spreadsheet on the drive, pretty sure i'm not supposed to", 'data_breach'],
  // "In my lesson" is where it happened, not who it happened to.
  ['A Year 8 found something really vile on a class laptop in my lesson and the filter let it through', 'inappropriate_content'],
  // The school's account set up or used without approval, or for someone's own business.
  ['Our PE department made a TikTok for the teams without telling anyone', 'school_account'],
  ['A TA keeps advertising her nail business on our school Facebook page', 'school_account'],
  // Abuse aimed at me stays abuse of me on the school's page, unless I run the page and ask about it as its admin.
  ['A grandad wrote on the school Instagram calling me a disgrace', 'online_abuse'],
  ['I run the school Facebook and a parent posted a comment calling me useless, can I delete it?', 'school_account'],
  // "I've seen" makes me the one who saw it: a colleague having digs at someone else is their conduct.
  ["I've noticed a colleague mocking another TA in the staff Facebook group, should I say something?", 'staff_conduct'],
  // A post on the school's page that none of us made: the account itself is the problem.
  ['Something showed up on our school Instagram overnight that did not come from anyone here', 'school_account'],
  // Comments picking on a pupil under the school's own posts: the pupil is at risk, not the account.
  ['Loads of mean comments about a Year 7 boy under our school Facebook photos, what now?', 'pupil_online_safety'],
  // A photo posted of a child whose family said no to photos: the consent record makes it a breach.
  ['I uploaded the sports day pictures to the class blog and one girl has no photo consent', 'data_breach'],
  // A parent wanting "a word about her daughter's spelling" is about her child, not a chat aimed at her.
  ["Got a Facebook message from a Year 1 mum asking for a quick chat about her son's reading", 'parent_contact'],
  // What a clip shows ("a man being stabbed") is the content, not an adult in contact with the pupil.
  ['At lunch a boy was showing his friends a video on his phone of a man being stabbed', 'inappropriate_content'],
  ['Someone airdropped a porn video to the whole Year 9 group on the coach, a girl came to me in tears', 'inappropriate_content'],
  // Pictures a pupil already sent of herself, now held over her, are an indecent image matter.
  ['A Year 10 girl says she sent photos of herself to a boy and he is threatening to post them', 'indecent_images'],
  ['There are stickers round the town calling for people to burn down the synagogue, a pupil brought one in', 'radicalisation'],
  // Meeting someone met online, or an age that does not ring true, puts the pupil at risk.
  ['A girl in Year 8 is meeting a friend from Roblox at the shopping centre on Saturday', 'pupil_online_safety'],
  ["One of my Year 6 boys is chatting to a gamer who says he's 13 but sounds much older", 'pupil_online_safety'],
  ['A Year 3 girl posted a TikTok telling everyone which street she lives on', 'pupil_online_safety'],
  // Pupils telling everyone where I live is abuse of me, not a pupil sharing her own details.
  ['Some Year 10s keep telling everyone which street I live on', 'online_abuse'],
  // Personal data caught unnoticed in a posted picture is a breach, even in my own story.
  ["I shared a photo of my classroom on my Facebook and didn't spot the seating plan with names on the board behind", 'data_breach'],
  // Pupils seen in a colleague's own videos are her conduct; readable names and lists would be data.
  ['Our new cover supervisor vlogs from her classroom and you can see children in the background', 'staff_conduct'],
  ["A TA set up an unofficial Year 2 Facebook for the class and didn't ask anyone", 'school_account'],
  // Kit broken, spilt on or out of licence is reported as 'other'.
  ['The Office licences for the computer suite ran out yesterday', 'other'],
  ['A pupil knocked water over the projector and now it will not turn on', 'other'],
  ['The visualiser in my room has a dent in it from a football', 'other'],
  // A colleague only placed in the story ("my mentor's off", "Mr Shah was teaching next door") did nothing.
  ["I'm on placement and a Year 5 girl has started following my Instagram, my mentor's off today so who do I tell?", 'pupil_contact'],
  ['A Year 3 boy told me men in his game chat keep asking where he lives. My mentor Mr Shah was teaching the other half of the class then.', 'pupil_online_safety'],
  // A group set up against me is abuse of me, whatever it calls itself.
  ["Someone has set up a Facebook group called 'Justice for 6B' that is slagging me off", 'online_abuse'],
  // A pupil singled out with mean captions, or left out of a group named to exclude them.
  ["A Year 4 girl told me some of her class made a group chat called 'everyone but Ava' and post pictures of her with mean captions.", 'pupil_online_safety'],
  ['Two Year 10s were passing round a video of a fight outside the chip shop in registration', 'inappropriate_content'],
  ['An advert for sex toys played before the video I showed my Year 6 class', 'inappropriate_content'],
  ["A Year 11 lad keeps saying refugees are 'invading' the town and sharing videos about it", 'radicalisation'],
  ['Year 7 boy has his home address and phone number in his public Snapchat profile, should I flag it?', 'pupil_online_safety'],
  // The school coach is a vehicle, not a colleague.
  ["I think I left a printed seating plan with pupils' names and allergies on the coach after the Year 8 trip.", 'data_breach'],
  ['A man rang saying he was from the Barnsley Chronicle and wanted a word about the head', 'media_contact'],
  ['Now my laptop shows a threat alert every few minutes since I opened that attachment', 'other'],
  // A pupil voted "ugliest", or sent "nobody wants you", is a pupil at risk whoever shows it to me.
  ["A girl in my Year 4 class told me her friends made a chat where they vote on who's the fattest in the class", 'pupil_online_safety'],
  ["A dad showed me screenshots where some Year 5 children keep sending his daughter messages like 'nobody wants you'", 'pupil_online_safety'],
  ['We had a DM on the school Facebook with a photo of what looks like a pupil, the kind of picture no child should be in', 'indecent_images'],
  ['I borrowed a volunteer laptop and saw something in a folder involving children that I really should not have seen', 'indecent_images'],
  ["I found a memory stick in the hall PC and some photos on it are of a child and really don't look right", 'indecent_images'],
  ['I caught a Year 10 on a hacking site on the library computer at lunch', 'inappropriate_content'],
  ['A TV researcher left a voicemail asking about a post on our school Instagram', 'media_contact'],
  ["Someone keeps posting under our school's TikTok telling white kids to 'rise up'", 'radicalisation'],
  // "A licence to breed" is an insult in my own post, not a copyright matter.
  ["I posted that some parents at my school need a licence to breed and my profile says where I work", 'staff_conduct'],
  // Weird pop-ups, a slow machine, renamed files after a dodgy link: a virus, not a breach.
  ['Clicked a link in a fake delivery email and now the office PC is running really slowly with weird pop-ups', 'other'],
  ['After I opened that invoice email my files have funny names and there is a note asking for money', 'other'],
  // A pupil following me and commenting on "a video of me" is contact, not abuse.
  ["I'm a trainee and a boy from my Year 8 class followed me on Instagram and commented on a photo of me at a wedding", 'pupil_contact'],
  // "Head of Year 9" is a role, not a pupil: the mum messaging me is the one who acts.
  ['As head of Year 7 I am in a parents group chat and one mum keeps messaging me privately about her son', 'parent_contact'],
  ['A Year 9 girl says a boy filmed her getting changed after swimming and shared it', 'indecent_images'],
  ["Someone AirDropped my class a picture of a boy's private parts during registration", 'indecent_images'],
  ['A Year 11 keeps saying young men should reject British law and is planning to travel on his own', 'radicalisation'],
  ['A sixth former is handing out flyers saying sabotaging railways is the only way', 'radicalisation'],
  ['A Year 4 told me grown-ups on his game server keep asking for his dad\'s card details', 'pupil_online_safety'],
  ["A Year 3 boy told me people on a Discord server keep asking him to get his mum's bank card details", 'pupil_online_safety'],
  // "Not sure it's my place": the teller, not the one abused.
  ["Not sure it's my place, but a TA in my team keeps slagging off a named parent on her public Instagram", 'staff_conduct'],
  // A logo on her lanyard in her own video is her conduct, not the school's identity taken.
  ["A tutor posted a TikTok of her day with the school logo on her lanyard and joked about the kids", 'staff_conduct'],
  // Mock exams are not mockery.
  ["I've just sent the Year 10 mock results spreadsheet, with every name, grade and SEN flag on it, to a parent instead of the head of science", 'data_breach'],
  ["I set up a Facebook page for the school chess club a few weeks ago and didn't run it past anyone", 'school_account'],
  // A leaking roof is not leaked data; a locked-files screen is ransomware; a scanned textbook is copyright.
  ["The roof's leaked in the library overnight and rain came through onto two of the computers", 'other'],
  ['My memory stick went into the staffroom PC and now it says all the files are locked until we pay', 'other'],
  ['I scanned in the whole Year 9 history textbook and uploaded it for the class', 'other'],
  ['A Year 2 pupil threw an iPad and the screen is completely smashed', 'other'],
];

// Chat shorthand, idioms and roundabout tellings that name no category.
const roundabout: [string, IncidentTypeId][] = [
  ['a yr8 sent me a friend req on fb last night', 'pupil_contact'],
  ['one of my yr10s followed me on insta, her dad says he doesnt mind', 'pupil_contact'],
  ['got a load of sexist dms on insta from some bloke, im a teacher there', 'online_abuse'],
  ['A man in the village keeps having digs at me on the local Facebook group', 'online_abuse'],
  ['My job share is on Instagram for most of the afternoon while the class get on with work', 'staff_conduct'],
  ['A colleague told me she uses her own hotspot to get round the filter', 'staff_conduct'],
  ['Some of the staff are mocking one of the cleaners in their group chat', 'staff_conduct'],
  ['I posted a moan on Facebook about our Ofsted inspection last night', 'staff_conduct'],
  ['Someone posted a photo of the medical register in the staff WhatsApp', 'data_breach'],
  ["Just realised I can see every pupil's safeguarding notes on the shared drive, surely I shouldn't", 'data_breach'],
  ['An advert full of swearing came on before the video I was showing Year 4', 'inappropriate_content'],
  ['Found some photos of young children that seem really wrong on a USB stick in the staffroom', 'indecent_images'],
  ['A Y8 keeps saying our people have to rise up and fight back', 'radicalisation'],
  ['A TA keeps sharing Britain First posts on her Facebook', 'radicalisation'],
  ['Some kids in Y10 made a video taking the mick out of my voice and it is all over Snapchat', 'online_abuse'],
  ["A dad sent me a friend request and I want to turn it down without being rude", 'parent_contact'],
  ['One of the nans who collects a reception child keeps texting me about his lunches', 'parent_contact'],
  ['Year 2 teacher here, one of my mums has followed me on Instagram', 'parent_contact'],
  ['There is a page called Friends of the school with our badge on it asking for money', 'school_account'],
  ['A colleague has set up an Instagram for the PE department without asking anyone', 'school_account'],
  ["The new cleaner has been opening folders on the office PC, surely she shouldn't have access", 'data_breach'],
  ['I emailed the medical notes to the wrong Mrs Khan from the address book', 'data_breach'],
  ['lost my own memory stick on the bus with the reading records on it', 'data_breach'],
  ['Someone shared a homophobic meme in the staff group chat last night', 'inappropriate_content'],
  ['Half my Year 8 form are going live on TikTok at night and randoms are commenting', 'pupil_online_safety'],
  ['supply on insta all lesson again', 'staff_conduct'],
  ['I put some photos from the class trip on my own Facebook and the children are in them', 'staff_conduct'],
  ['In computing two girls googled a singer and the results had a picture of a naked woman', 'inappropriate_content'],
  // What was on the screen or in the email decides, not who opened it; on their own phone it is the colleague's conduct.
  ['The supply teacher left the classroom laptop open on a porn site at lunch', 'inappropriate_content'],
  ['A colleague forwarded a sexist joke email to the whole department', 'inappropriate_content'],
  ['A TA was on a dating app on her own phone during the lesson', 'staff_conduct'],
  // A village page is not the school's account.
  ['A dad has posted on our village Facebook page that I should be sacked', 'online_abuse'],
  ["A boy I taught years ago found me on Facebook and wants to meet for a coffee, he says he's an adult now", 'pupil_contact'],
  ["A parent got my personal email from the class list and keeps writing to me there, I don't want to come across as rude", 'parent_contact'],
  ['Office manager here - a dad emailed my personal Hotmail about his daughter\'s transport', 'parent_contact'],
  ["I'm a cricket coach here and a boy who left in the summer has followed me on Instagram", 'pupil_contact'],
  ['A colleague keeps posting nasty comments about the head online, am I supposed to say something?', 'staff_conduct'],
  ['Someone on the town Facebook group keeps trying to wind me up under my posts', 'online_abuse'],
  ['A Y6 boy said his uncle sends him videos about killing unbelievers', 'radicalisation'],
  ["A TA screenshotted a child's medical plan into the staff WhatsApp", 'data_breach'],
  ["I was sent a message meant for the SENCO with a pupil's IEP attached", 'data_breach'],
  ['A colleague gave me her login so I could do her register', 'staff_conduct'],
  // Scare quotes do not hide what was sent; worried wording about images of children is enough.
  ['A supply teacher sent an "adult" video to the staff chat, what should I do', 'inappropriate_content'],
  ["My TA saw photos of kids on a man's phone at the bus stop which weren't right", 'indecent_images'],
  ['A Year 6 says his brother wants him to join the war abroad and shows him clips', 'radicalisation'],
];

const questions = [
  'Can I use Facebook at lunch?',
  'Can I post photos of pupils on the school Twitter if parents have consented?',
  'Is it ever acceptable to have indecent images of children?',
  'What is the Prevent duty?',
  'Pupils should not have access to YouTube in lessons, should they?',
  'Is it okay if this is videos of my class on the school account?',
  'Can I take my school laptop home over the holidays?',
  'What happens if I break the social media policy?',
  'Am I allowed to have a TikTok account?',
  'What does the policy say about passwords?',
  'Can I post photos of my holiday?',
  'Should I accept friend requests from other teachers?',
  'Is LinkedIn covered by this policy?',
  'How often is this policy reviewed?',
  'Can I start a podcast for my class?',
  'Can I put a bet on the football using a school laptop?',
  'Is it OK to post about work on my own Facebook?',
  "I've got my job as a TA at the school on my Facebook, is that a problem?",
  'What is expected of me if I see a colleague break the policy?',
  "Someone asked me what our school Instagram page is called and I didn't know",
  'Can I put a photo of my classroom display on my personal Instagram?',
  'If one of the staff posts something illegal, does school call the police?',
];

describe('incident type suggested for "Report this"', () => {
  it.each(incidents)('%s -> %s', (question, type) => {
    expect(detectIncident(question)).toBe(type);
  });

  it.each(narrated)('narrated without a trigger phrase: %s -> %s', (question, type) => {
    expect(detectIncident(question)).toBe(type);
  });

  it.each(contested)('competing types: %s -> %s', (question, type) => {
    expect(detectIncident(question)).toBe(type);
  });

  it.each(roundabout)('said in chat shorthand or idiom: %s -> %s', (question, type) => {
    expect(detectIncident(question)).toBe(type);
  });

  it.each(questions)('no report offered for a rules question: %s', (question) => {
    expect(detectIncident(question)).toBeNull();
  });
});
