PRAGMA user_version = 10;
BEGIN TRANSACTION;
CREATE TABLE audit (
    id               INTEGER PRIMARY KEY,
    at               TEXT NOT NULL,
    person_id        INTEGER,                    -- kept as a number: the roster may change
    action           TEXT NOT NULL,
    handoff_id       INTEGER,
    link_id          INTEGER,
    resident_channel TEXT,
    resident_address TEXT,
    detail           TEXT NOT NULL DEFAULT ''
);
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,                 -- the person who agreed
    address     TEXT NOT NULL,
    purpose     TEXT NOT NULL
                CHECK (purpose IN ('group_contact', 'intro', 'handoff', 'accompany')),
    shared_with TEXT NOT NULL,                 -- as the person was told: names, organisation
    shared      TEXT NOT NULL,                 -- exactly what was shared
    agreed_at   TEXT NOT NULL
);
INSERT INTO "consents" VALUES(1,'sms','+447700900024','handoff','Amira from the Community Hub and Tom from the Millbrook and Riverside local area team','From the Eastfield neighbours line: Dee would like a local person to pick this up. In their words: "the council keep losing my housing forms". What they''d like from this: a call back. Will you be the person who stays with them?','2026-11-30T08:23:00.000000+00:00');
CREATE TABLE conversations (
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    state        TEXT NOT NULL,
    data         TEXT NOT NULL DEFAULT '{}',
    opted_out    INTEGER NOT NULL DEFAULT 0,
    buttons      TEXT NOT NULL DEFAULT '[]',
    last_seen_at TEXT,
    updated_at   TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (channel, address)
) WITHOUT ROWID;
INSERT INTO "conversations" VALUES('sms','+447700900021','listen.asked_around','{"recent": ["2026-11-30T08:09:00+00:00"], "words": "the damp in our flat is making the kids poorly", "matters": "getting the landlord to fix it"}',0,'[]','2026-11-30T08:09:00.000000+00:00','2026-11-30T08:09:00.000000+00:00',4);
INSERT INTO "conversations" VALUES('sms','+447700900022','listen.checking_in','{"recent": ["2026-11-30T08:05:00+00:00"], "words": "I lost my job and the rent is behind", "matters": "paying the rent", "around": "my partner", "resume": "listen.asked_enjoy"}',0,'[]','2026-11-30T08:05:00.000000+00:00','2026-11-30T08:05:00.000000+00:00',6);
INSERT INTO "conversations" VALUES('sms','+447700900023','connect.offered','{"recent": ["2026-11-30T08:17:00+00:00"], "words": "im skint and the bailiffs keep coming round", "matters": "keeping the kids fed", "around": "my sister sometimes", "helping": "no", "area": "Millbrook", "offered": [{"kind": "group", "ref": "9206523d-17d1-58af-b155-f32f3c346eae", "name": "Money Worries Drop-in", "line": "Money Worries Drop-in, Eastfield Community Hub", "why": "you said \"skint\" and \"the bailiffs\"", "details": "Money Worries Drop-in: Free, confidential debt and money advice.. Tue and Thu 10am-2pm, Eastfield Community Hub. 01632 960104", "contact_name": "Sam Patel", "contact": ["sms", "+447700900322"]}, {"kind": "peer", "ref": "5", "name": "Sam Okafor", "line": "Sam, a neighbour: I''ve been through debt and bailiffs myself.", "why": "you said \"skint\" and \"the bailiffs\"", "details": "", "contact_name": null, "contact": ["telegram", "5550101"]}, {"kind": "group", "ref": "4a455fbb-a382-5543-851c-5529a8bb3231", "name": "StepClear Debt Help", "line": "StepClear Debt Help, The Old Fire Station", "why": "you said \"skint\" and \"the bailiffs\"", "details": "StepClear Debt Help: One-to-one debt counselling, with home visits if you prefer.. Mon, Tue, Wed, Thu and Fri 9am-5pm, The Old Fire Station. 01632 960105", "contact_name": null, "contact": null}]}',0,'[]','2026-11-30T08:17:00.000000+00:00','2026-11-30T08:17:00.000000+00:00',8);
INSERT INTO "conversations" VALUES('sms','+447700900024','handoff.held','{"recent": ["2026-11-30T08:23:00+00:00"], "words": "the council keep losing my housing forms", "handoff": {"want": "a call back"}, "name": "Dee", "hands": [["telegram", "5550201", "Amira"]]}',0,'[]','2026-11-30T08:23:00.000000+00:00','2026-11-30T08:24:00.000000+00:00',7);
INSERT INTO "conversations" VALUES('sms','+447700900025','offer.area','{"recent": ["2026-11-30T08:31:00+00:00"], "words": "my bike got nicked and I can''t get to work", "matters": "getting to my shifts", "offer_resume": "listen.asked_around", "offer": {"been_through": "I went through losing my job a few years back", "enjoy": "a chat over a brew"}}',0,'[]','2026-11-30T08:31:00.000000+00:00','2026-11-30T08:31:00.000000+00:00',7);
INSERT INTO "conversations" VALUES('sms','+447700900026','accompany.asked_when','{"recent": ["2026-11-30T08:42:00+00:00"], "words": "I''ve got a housing appointment at the council and I''m dreading going on my own", "matters": "keeping a roof over our heads", "around": "nobody really", "helping": "no", "area": "Eastfield Centre", "accompany_resume": "connect.next", "accompany": {"where": "Eastfield council offices", "heard": {"day": "2026-12-01", "hour": null, "minute": 0, "sure": true, "part": null}}}',0,'[]','2026-11-30T08:42:00.000000+00:00','2026-11-30T08:42:00.000000+00:00',11);
INSERT INTO "conversations" VALUES('sms','+447700900027','visit.naming','{"recent": ["2026-11-30T08:56:00+00:00"], "words": "the bailiffs keep coming round about the council tax", "matters": "sorting the debt", "around": "my sister", "helping": "no", "area": "Eastfield Centre", "offered": [{"kind": "group", "ref": "9206523d-17d1-58af-b155-f32f3c346eae", "name": "Money Worries Drop-in", "line": "Money Worries Drop-in, Eastfield Community Hub", "why": "you mentioned the bailiffs and the council tax", "details": "Money Worries Drop-in: Free, confidential debt and money advice.. Tue and Thu 10am-2pm, Eastfield Community Hub. 01632 960104", "contact_name": "Sam Patel", "contact": ["sms", "+447700900322"]}, {"kind": "peer", "ref": "5", "name": "Sam Okafor", "line": "Sam, a neighbour: I''ve been through debt and bailiffs myself.", "why": "you mentioned the bailiffs and the council tax", "details": "", "contact_name": null, "contact": ["telegram", "5550101"]}, {"kind": "group", "ref": "4a455fbb-a382-5543-851c-5529a8bb3231", "name": "StepClear Debt Help", "line": "StepClear Debt Help, The Old Fire Station", "why": "you mentioned the bailiffs and the council tax", "details": "StepClear Debt Help: One-to-one debt counselling, with home visits if you prefer.. Mon, Tue, Wed, Thu and Fri 9am-5pm, The Old Fire Station. 01632 960105", "contact_name": null, "contact": null}], "accompany_resume": "connect.resting", "accompany": {"where": "the council offices on Market Street", "when": "2026-12-03T14:00:00+00:00", "said_when": "Thursday at 2pm", "notes": ""}}',0,'[]','2026-11-30T08:56:00.000000+00:00','2026-11-30T08:56:00.000000+00:00',14);
INSERT INTO "conversations" VALUES('telegram','5550201','listen.new','{}',0,'[]','2026-11-30T08:24:00.000000+00:00','2026-11-30T08:24:00.000000+00:00',1);
CREATE TABLE delivery_early (
    channel     TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    error       TEXT,
    at          TEXT NOT NULL,
    PRIMARY KEY (channel, provider_id)
) WITHOUT ROWID;
CREATE TABLE handoffs (
    id               INTEGER PRIMARY KEY,
    resident_channel TEXT NOT NULL,
    resident_address TEXT NOT NULL,
    card             TEXT NOT NULL DEFAULT '{}',  -- JSON: the card, in the resident's words
    urgent           INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    closed_at        TEXT
);
INSERT INTO "handoffs" VALUES(1,'sms','+447700900024','{"name": "Dee", "words": "the council keep losing my housing forms", "want": "a call back", "urgent": false}',0,'2026-11-30T08:23:00.000000+00:00',NULL);
CREATE TABLE inbound (
    seq          INTEGER PRIMARY KEY,          -- arrival order, assigned by the single writer
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,                -- the channel's own message id
    address      TEXT NOT NULL,
    text         TEXT NOT NULL,
    press        TEXT,
    has_media    INTEGER NOT NULL DEFAULT 0,
    event        TEXT,                         -- set for a timer firing, not a person's words
    payload      TEXT NOT NULL DEFAULT '{}',
    received_at  TEXT NOT NULL,
    processed_at TEXT, set_aside_at TEXT,
    UNIQUE (channel, external_id)
);
INSERT INTO "inbound" VALUES(1,'sms','dc3b7f19900d4c579fdb917cdb02929e','+447700900022','hi',NULL,0,NULL,'{}','2026-11-29T19:00:00.000000+00:00','2026-11-29T19:00:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(2,'sms','8d50d388ba46474f9b2cbaeb5d33330a','+447700900022','I lost my job and the rent is behind',NULL,0,NULL,'{}','2026-11-29T19:01:00.000000+00:00','2026-11-29T19:01:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(3,'sms','ed72a8c75259444fb734b96311e4a65e','+447700900022','yes',NULL,0,NULL,'{}','2026-11-29T19:02:00.000000+00:00','2026-11-29T19:02:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(4,'sms','70233f6e30694551b7bab0cff90bba33','+447700900022','paying the rent',NULL,0,NULL,'{}','2026-11-29T19:03:00.000000+00:00','2026-11-29T19:03:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(5,'sms','d27edc91d84d4a26be201d942ba444fc','+447700900022','my partner',NULL,0,NULL,'{}','2026-11-29T19:04:00.000000+00:00','2026-11-29T19:04:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(6,'sms','345dd4b9135847b9aa1cf547925d7daa','+447700900022','hi',NULL,0,NULL,'{}','2026-11-30T08:05:00.000000+00:00','2026-11-30T08:05:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(7,'sms','08e37198be744dd0a06625fffc902452','+447700900021','hi',NULL,0,NULL,'{}','2026-11-30T08:06:00.000000+00:00','2026-11-30T08:06:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(8,'sms','7f957cf618fa46eeabf2ac3b27dff37e','+447700900021','the damp in our flat is making the kids poorly',NULL,0,NULL,'{}','2026-11-30T08:07:00.000000+00:00','2026-11-30T08:07:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(9,'sms','bd1ea10e55154a20bb20516bed5156aa','+447700900021','yes',NULL,0,NULL,'{}','2026-11-30T08:08:00.000000+00:00','2026-11-30T08:08:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(10,'sms','38182b3352b64f158a51ce3ba45ecb55','+447700900021','getting the landlord to fix it',NULL,0,NULL,'{}','2026-11-30T08:09:00.000000+00:00','2026-11-30T08:09:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(11,'sms','9d87c8f48e5a4acf83db6d19ab15b9c6','+447700900023','hi',NULL,0,NULL,'{}','2026-11-30T08:10:00.000000+00:00','2026-11-30T08:10:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(12,'sms','c5f7f1f2fabe4042bb9a6c0fd63b0067','+447700900023','im skint and the bailiffs keep coming round',NULL,0,NULL,'{}','2026-11-30T08:11:00.000000+00:00','2026-11-30T08:11:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(13,'sms','d13d92eca7e749c088183f27f7c14f41','+447700900023','yes',NULL,0,NULL,'{}','2026-11-30T08:12:00.000000+00:00','2026-11-30T08:12:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(14,'sms','34b06a9f5f2c49439fd742f29cfbfc29','+447700900023','keeping the kids fed',NULL,0,NULL,'{}','2026-11-30T08:13:00.000000+00:00','2026-11-30T08:13:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(15,'sms','fbde6eb51e7042b09f32fb5213d1aff9','+447700900023','my sister sometimes',NULL,0,NULL,'{}','2026-11-30T08:14:00.000000+00:00','2026-11-30T08:14:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(16,'sms','37cec497e420419da26f0242003ff56d','+447700900023','skip',NULL,0,NULL,'{}','2026-11-30T08:15:00.000000+00:00','2026-11-30T08:15:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(17,'sms','a267708516554a389d370e12f71b6613','+447700900023','no',NULL,0,NULL,'{}','2026-11-30T08:16:00.000000+00:00','2026-11-30T08:16:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(18,'sms','ed307af0cd2047d7bff7489220286bca','+447700900023','Millbrook',NULL,0,NULL,'{}','2026-11-30T08:17:00.000000+00:00','2026-11-30T08:17:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(19,'sms','ef03ca3d63cb4e4d8c35f74cec32f647','+447700900024','hi',NULL,0,NULL,'{}','2026-11-30T08:18:00.000000+00:00','2026-11-30T08:18:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(20,'sms','150778acf34542ccbf96e6c69a336cf8','+447700900024','the council keep losing my housing forms',NULL,0,NULL,'{}','2026-11-30T08:19:00.000000+00:00','2026-11-30T08:19:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(21,'sms','591d472c927e49e3b85289309e2e6772','+447700900024','PERSON',NULL,0,NULL,'{}','2026-11-30T08:20:00.000000+00:00','2026-11-30T08:20:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(22,'sms','61a617428a094e08854449cd926b318d','+447700900024','Dee',NULL,0,NULL,'{}','2026-11-30T08:21:00.000000+00:00','2026-11-30T08:21:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(23,'sms','e9d67166b80a42ff8758eaffef2d091a','+447700900024','a call back',NULL,0,NULL,'{}','2026-11-30T08:22:00.000000+00:00','2026-11-30T08:22:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(24,'sms','c2d12662fb774d9b9004b6070081acc3','+447700900024','yes',NULL,0,NULL,'{}','2026-11-30T08:23:00.000000+00:00','2026-11-30T08:23:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(25,'telegram','e667d15f422b40208174c4ae64704190','5550201','I''ll take this','I''ll take this',0,NULL,'{}','2026-11-30T08:24:00.000000+00:00','2026-11-30T08:24:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(26,'sms','tell:25:0','+447700900024','',NULL,0,'handoff_answer','{"link": 1, "answer": "accept", "by": ["telegram", "5550201"]}','2026-11-30T08:24:00.000000+00:00','2026-11-30T08:24:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(27,'sms','89f94404ca4d4d5792594a1c6678d232','+447700900025','hi',NULL,0,NULL,'{}','2026-11-30T08:25:00.000000+00:00','2026-11-30T08:25:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(28,'sms','73cc228678a249cf99424bd62e8cd2c8','+447700900025','my bike got nicked and I can''t get to work',NULL,0,NULL,'{}','2026-11-30T08:26:00.000000+00:00','2026-11-30T08:26:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(29,'sms','f96c3bd2c11a4d75939770f6e689952b','+447700900025','yes',NULL,0,NULL,'{}','2026-11-30T08:27:00.000000+00:00','2026-11-30T08:27:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(30,'sms','93fe858fc7464dcb81ebd6ad98da2ba3','+447700900025','getting to my shifts',NULL,0,NULL,'{}','2026-11-30T08:28:00.000000+00:00','2026-11-30T08:28:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(31,'sms','51395b7953ef4d7aa2e0256cfafe0de7','+447700900025','I''d like to help others too',NULL,0,NULL,'{}','2026-11-30T08:29:00.000000+00:00','2026-11-30T08:29:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(32,'sms','3733227c859043948b563cde8b3ebd7f','+447700900025','I went through losing my job a few years back',NULL,0,NULL,'{}','2026-11-30T08:30:00.000000+00:00','2026-11-30T08:30:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(33,'sms','76a7fecb0d6242b3b8ff83ad59e0891c','+447700900025','a chat over a brew',NULL,0,NULL,'{}','2026-11-30T08:31:00.000000+00:00','2026-11-30T08:31:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(34,'sms','70144b1b0889432d8738a5dc7d7ac5c1','+447700900026','hi',NULL,0,NULL,'{}','2026-11-30T08:32:00.000000+00:00','2026-11-30T08:32:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(35,'sms','f2dda3374c974121b239ec35de53f63b','+447700900026','I''ve got a housing appointment at the council and I''m dreading going on my own',NULL,0,NULL,'{}','2026-11-30T08:33:00.000000+00:00','2026-11-30T08:33:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(36,'sms','ff9e063688bc429cbf48c05a6be25759','+447700900026','yes',NULL,0,NULL,'{}','2026-11-30T08:34:00.000000+00:00','2026-11-30T08:34:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(37,'sms','ba2eae407c6c477d9bf2ce58b089654d','+447700900026','keeping a roof over our heads',NULL,0,NULL,'{}','2026-11-30T08:35:00.000000+00:00','2026-11-30T08:35:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(38,'sms','e2e57673009b43759775df5336426a47','+447700900026','nobody really',NULL,0,NULL,'{}','2026-11-30T08:36:00.000000+00:00','2026-11-30T08:36:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(39,'sms','a5adb3cf880f4061a67d2b11748ea2eb','+447700900026','skip',NULL,0,NULL,'{}','2026-11-30T08:37:00.000000+00:00','2026-11-30T08:37:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(40,'sms','e8cb813dad88434eac0575860b116305','+447700900026','no',NULL,0,NULL,'{}','2026-11-30T08:38:00.000000+00:00','2026-11-30T08:38:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(41,'sms','777e530da7f540c1a713f042a7db4342','+447700900026','Eastfield Centre',NULL,0,NULL,'{}','2026-11-30T08:39:00.000000+00:00','2026-11-30T08:39:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(42,'sms','fa4dd996744d4b36801de84755a30b25','+447700900026','yes please',NULL,0,NULL,'{}','2026-11-30T08:40:00.000000+00:00','2026-11-30T08:40:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(43,'sms','50fcd0fe822a4e879e340e011d26daf1','+447700900026','Eastfield council offices',NULL,0,NULL,'{}','2026-11-30T08:41:00.000000+00:00','2026-11-30T08:41:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(44,'sms','fe964fb659784b00a3ac3982bc59458c','+447700900026','next Tuesday',NULL,0,NULL,'{}','2026-11-30T08:42:00.000000+00:00','2026-11-30T08:42:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(45,'sms','5d8ffe0cf55a44b49e2c5780063756c0','+447700900027','hi',NULL,0,NULL,'{}','2026-11-30T08:43:00.000000+00:00','2026-11-30T08:43:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(46,'sms','6fcc0229b8be4daf8f9e6421491dfbea','+447700900027','the bailiffs keep coming round about the council tax',NULL,0,NULL,'{}','2026-11-30T08:44:00.000000+00:00','2026-11-30T08:44:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(47,'sms','945d780099f341daa0010cf702c89bfd','+447700900027','yes',NULL,0,NULL,'{}','2026-11-30T08:45:00.000000+00:00','2026-11-30T08:45:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(48,'sms','7e3aee86b49f4e0685b5928a6030af5b','+447700900027','sorting the debt',NULL,0,NULL,'{}','2026-11-30T08:46:00.000000+00:00','2026-11-30T08:46:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(49,'sms','dec9131f1ebc4436ad89e4211ca5a666','+447700900027','my sister',NULL,0,NULL,'{}','2026-11-30T08:47:00.000000+00:00','2026-11-30T08:47:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(50,'sms','f954419068794570849c12b495c4476b','+447700900027','skip',NULL,0,NULL,'{}','2026-11-30T08:48:00.000000+00:00','2026-11-30T08:48:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(51,'sms','e6a165e6792443a4904797dfda76848f','+447700900027','no',NULL,0,NULL,'{}','2026-11-30T08:49:00.000000+00:00','2026-11-30T08:49:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(52,'sms','06629904ef114ae3a20278721ad5d0d0','+447700900027','Eastfield Centre',NULL,0,NULL,'{}','2026-11-30T08:50:00.000000+00:00','2026-11-30T08:50:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(53,'sms','308f20d1f7574a0eaf8e001a8bb5a5b7','+447700900027','I''ve got to go to the council next Thursday and I''m scared of going on my own',NULL,0,NULL,'{}','2026-11-30T08:51:00.000000+00:00','2026-11-30T08:51:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(54,'sms','1b3626b338ca477f85a86bc78e41ecf8','+447700900027','yes please',NULL,0,NULL,'{}','2026-11-30T08:52:00.000000+00:00','2026-11-30T08:52:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(55,'sms','50487c67d36e474db66420f79937f63f','+447700900027','the council offices on Market Street',NULL,0,NULL,'{}','2026-11-30T08:53:00.000000+00:00','2026-11-30T08:53:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(56,'sms','db8edc1b6f4844d38a3ed25b1e0eb9e3','+447700900027','Thursday at 2pm',NULL,0,NULL,'{}','2026-11-30T08:54:00.000000+00:00','2026-11-30T08:54:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(57,'sms','5ec6376ac8e64e3a8ecdc0c16f685d57','+447700900027','skip',NULL,0,NULL,'{}','2026-11-30T08:55:00.000000+00:00','2026-11-30T08:55:00.000000+00:00',NULL);
INSERT INTO "inbound" VALUES(58,'sms','319afa43885e44079b37f607498122ab','+447700900027','yes',NULL,0,NULL,'{}','2026-11-30T08:56:00.000000+00:00','2026-11-30T08:56:00.000000+00:00',NULL);
CREATE TABLE learning (
    month   TEXT NOT NULL,                     -- YYYY-MM of the conversation's last activity
    theme   TEXT NOT NULL,
    count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, theme)
) WITHOUT ROWID;
CREATE TABLE links (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('intro', 'handoff')),
    status           TEXT NOT NULL DEFAULT 'asked'
                     CHECK (status IN ('asked', 'accepted', 'declined', 'expired', 'closed')),
    resident_channel TEXT NOT NULL,
    resident_address TEXT NOT NULL,
    resident_name    TEXT NOT NULL DEFAULT '',
    helper_channel   TEXT NOT NULL,
    helper_address   TEXT NOT NULL,
    helper_name      TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    answered_at      TEXT
, handoff_id INTEGER REFERENCES handoffs (id));
INSERT INTO "links" VALUES(1,'handoff','accepted','sms','+447700900024','Dee','telegram','5550201','Amira Hassan','the council keep losing my housing forms','2026-11-30T08:23:00.000000+00:00','2026-11-30T08:24:00.000000+00:00',1);
INSERT INTO "links" VALUES(2,'handoff','expired','sms','+447700900024','Dee','sms','+447700900401','Tom Fletcher','the council keep losing my housing forms','2026-11-30T08:23:00.000000+00:00','2026-11-30T08:24:00.000000+00:00',1);
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    text            TEXT NOT NULL,
    buttons         TEXT NOT NULL DEFAULT '[]',
    caused_by       INTEGER,                   -- inbound.seq that led to it, if any
    opt_out_notice  INTEGER NOT NULL DEFAULT 0, -- the one message that may follow STOP
    erase_after_send INTEGER NOT NULL DEFAULT 0, -- FORGET ME's last word: deleted once sent
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at         TEXT,
    provider_id     TEXT,
    error           TEXT
, delivery_status TEXT, delivery_updated_at TEXT, delivery_error TEXT);
INSERT INTO "outbox" VALUES(1,'sms','+447700900022','Hi, this is the Eastfield neighbours line. I''m a bot, and real local people are behind me. What can we do for you?','[]',1,0,0,'2026-11-29T19:00:00.000000+00:00','sent',1,'2026-11-29T19:00:00.000000+00:00','2026-11-29T19:00:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(2,'sms','+447700900022','Thank you. You said: "I lost my job and the rent is behind". Have I got that right, or is there more?','["That''s right", "Not quite"]',2,0,0,'2026-11-29T19:01:00.000000+00:00','sent',1,'2026-11-29T19:01:00.000000+00:00','2026-11-29T19:01:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(3,'sms','+447700900022','Thanks. What matters most to you right now?','[]',3,0,0,'2026-11-29T19:02:00.000000+00:00','sent',1,'2026-11-29T19:02:00.000000+00:00','2026-11-29T19:02:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(4,'sms','+447700900022','Thank you. Who''s around you at the moment?','[]',4,0,0,'2026-11-29T19:03:00.000000+00:00','sent',1,'2026-11-29T19:03:00.000000+00:00','2026-11-29T19:03:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(5,'sms','+447700900022','Thank you. What do you enjoy, or what are you good at?','[]',5,0,0,'2026-11-29T19:04:00.000000+00:00','sent',1,'2026-11-29T19:04:00.000000+00:00','2026-11-29T19:04:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(6,'sms','+447700900022','Welcome back. Last time you told me: "I lost my job and the rent is behind". How are things now?','[]',6,0,0,'2026-11-30T08:05:00.000000+00:00','sent',1,'2026-11-30T08:05:00.000000+00:00','2026-11-30T08:05:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(7,'sms','+447700900021','Hi, this is the Eastfield neighbours line. I''m a bot, and real local people are behind me. What can we do for you?','[]',7,0,0,'2026-11-30T08:06:00.000000+00:00','sent',1,'2026-11-30T08:06:00.000000+00:00','2026-11-30T08:06:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(8,'sms','+447700900021','Thank you. You said: "the damp in our flat is making the kids poorly". Have I got that right, or is there more?','["That''s right", "Not quite"]',8,0,0,'2026-11-30T08:07:00.000000+00:00','sent',1,'2026-11-30T08:07:00.000000+00:00','2026-11-30T08:07:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(9,'sms','+447700900021','Thanks. What matters most to you right now?','[]',9,0,0,'2026-11-30T08:08:00.000000+00:00','sent',1,'2026-11-30T08:08:00.000000+00:00','2026-11-30T08:08:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(10,'sms','+447700900021','Thank you. Who''s around you at the moment?','[]',10,0,0,'2026-11-30T08:09:00.000000+00:00','sent',1,'2026-11-30T08:09:00.000000+00:00','2026-11-30T08:09:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(11,'sms','+447700900023','Hi, this is the Eastfield neighbours line. I''m a bot, and real local people are behind me. What can we do for you?','[]',11,0,0,'2026-11-30T08:10:00.000000+00:00','sent',1,'2026-11-30T08:10:00.000000+00:00','2026-11-30T08:10:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(12,'sms','+447700900023','Thank you. You said: "im skint and the bailiffs keep coming round". Have I got that right, or is there more?','["That''s right", "Not quite"]',12,0,0,'2026-11-30T08:11:00.000000+00:00','sent',1,'2026-11-30T08:11:00.000000+00:00','2026-11-30T08:11:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(13,'sms','+447700900023','Thanks. What matters most to you right now?','[]',13,0,0,'2026-11-30T08:12:00.000000+00:00','sent',1,'2026-11-30T08:12:00.000000+00:00','2026-11-30T08:12:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(14,'sms','+447700900023','Thank you. Who''s around you at the moment?','[]',14,0,0,'2026-11-30T08:13:00.000000+00:00','sent',1,'2026-11-30T08:13:00.000000+00:00','2026-11-30T08:13:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(15,'sms','+447700900023','Thank you. What do you enjoy, or what are you good at?','[]',15,0,0,'2026-11-30T08:14:00.000000+00:00','sent',1,'2026-11-30T08:14:00.000000+00:00','2026-11-30T08:14:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(16,'sms','+447700900023','That''s fine. Would you ever like to help other people round here, in your own way?','["Yes", "Maybe later", "No"]',16,0,0,'2026-11-30T08:15:00.000000+00:00','sent',1,'2026-11-30T08:15:00.000000+00:00','2026-11-30T08:15:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(17,'sms','+447700900023','Thank you. Which part of Eastfield are you in? A neighbourhood or the start of your postcode is plenty.','[]',17,0,0,'2026-11-30T08:16:00.000000+00:00','sent',1,'2026-11-30T08:16:00.000000+00:00','2026-11-30T08:16:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(18,'sms','+447700900023','Thank you for telling me all that. I''ve kept it in your words, so nobody will ask you to start again.','[]',18,0,0,'2026-11-30T08:17:00.000000+00:00','sent',1,'2026-11-30T08:17:00.000000+00:00','2026-11-30T08:17:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(19,'sms','+447700900023','Here''s who might help:
1. Money Worries Drop-in, Eastfield Community Hub (you said "skint" and "the bailiffs")
2. Sam, a neighbour: I''ve been through debt and bailiffs myself. (you said "skint" and "the bailiffs")
3. StepClear Debt Help, The Old Fire Station (you said "skint" and "the bailiffs")
4. A local person, who''d stay with you
Reply with a number, or NONE if none of these fit.','[]',18,0,0,'2026-11-30T08:17:00.000000+00:00','sent',1,'2026-11-30T08:17:00.000000+00:00','2026-11-30T08:17:00.000000+00:00','sms-2',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(20,'sms','+447700900024','Hi, this is the Eastfield neighbours line. I''m a bot, and real local people are behind me. What can we do for you?','[]',19,0,0,'2026-11-30T08:18:00.000000+00:00','sent',1,'2026-11-30T08:18:00.000000+00:00','2026-11-30T08:18:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(21,'sms','+447700900024','Thank you. You said: "the council keep losing my housing forms". Have I got that right, or is there more?','["That''s right", "Not quite"]',20,0,0,'2026-11-30T08:19:00.000000+00:00','sent',1,'2026-11-30T08:19:00.000000+00:00','2026-11-30T08:19:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(22,'sms','+447700900024','I''ll ask a local person to pick this up and stay with you. What name would you like them to use for you? Any name is fine.','[]',21,0,0,'2026-11-30T08:20:00.000000+00:00','sent',1,'2026-11-30T08:20:00.000000+00:00','2026-11-30T08:20:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(23,'sms','+447700900024','What would you most like from them? A call, help with a letter, a chat... SKIP is fine.','[]',22,0,0,'2026-11-30T08:21:00.000000+00:00','sent',1,'2026-11-30T08:21:00.000000+00:00','2026-11-30T08:21:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(24,'sms','+447700900024','This is what I''d let them know, in your words: "the council keep losing my housing forms". Is that OK to share? Only the local people on duty who could pick this up will see it.','["Yes, share it", "Change it"]',23,0,0,'2026-11-30T08:22:00.000000+00:00','sent',1,'2026-11-30T08:22:00.000000+00:00','2026-11-30T08:22:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(25,'telegram','5550201','From the Eastfield neighbours line: Dee would like a local person to pick this up. In their words: "the council keep losing my housing forms". What they''d like from this: a call back. Will you be the person who stays with them?','["I''ll take this", "Not me"]',24,0,0,'2026-11-30T08:23:00.000000+00:00','sent',1,'2026-11-30T08:23:00.000000+00:00','2026-11-30T08:23:00.000000+00:00','telegram-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(26,'sms','+447700900401','From the Eastfield neighbours line: Dee would like a local person to pick this up. In their words: "the council keep losing my housing forms". What they''d like from this: a call back. Will you be the person who stays with them?','["I''ll take this", "Not me"]',24,0,0,'2026-11-30T08:23:00.000000+00:00','sent',1,'2026-11-30T08:23:00.000000+00:00','2026-11-30T08:23:00.000000+00:00','sms-2',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(27,'sms','+447700900024','Thank you, Dee. I''ve sent that to Amira and Tom, on duty today. As soon as one of them picks it up I''ll tell you their name and when they''ll text you.','[]',24,0,0,'2026-11-30T08:23:00.000000+00:00','sent',1,'2026-11-30T08:23:00.000000+00:00','2026-11-30T08:23:00.000000+00:00','sms-3',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(28,'sms','+447700900401','Amira has picked up Dee''s card, so no need to answer it. Thank you.','[]',26,0,0,'2026-11-30T08:24:00.000000+00:00','sent',1,'2026-11-30T08:24:00.000000+00:00','2026-11-30T08:24:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(29,'sms','+447700900024','Amira from the Community Hub has picked this up and will text you by 11am. Anything you send here goes to Amira now, and your number stays private.','[]',26,0,0,'2026-11-30T08:24:00.000000+00:00','sent',1,'2026-11-30T08:24:00.000000+00:00','2026-11-30T08:24:00.000000+00:00','sms-2',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(30,'telegram','5550201','It''s yours. I''ve told Dee you''ll text them by 11am. Anything you send here goes to Dee from our number, starting with your first name. CLOSE when they''re sorted; BRING IN and a name to introduce someone else.','[]',26,0,0,'2026-11-30T08:24:00.000000+00:00','sent',1,'2026-11-30T08:24:00.000000+00:00','2026-11-30T08:24:00.000000+00:00','telegram-3',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(31,'sms','+447700900025','Hi, this is the Eastfield neighbours line. I''m a bot, and real local people are behind me. What can we do for you?','[]',27,0,0,'2026-11-30T08:25:00.000000+00:00','sent',1,'2026-11-30T08:25:00.000000+00:00','2026-11-30T08:25:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(32,'sms','+447700900025','Thank you. You said: "my bike got nicked and I can''t get to work". Have I got that right, or is there more?','["That''s right", "Not quite"]',28,0,0,'2026-11-30T08:26:00.000000+00:00','sent',1,'2026-11-30T08:26:00.000000+00:00','2026-11-30T08:26:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(33,'sms','+447700900025','Thanks. What matters most to you right now?','[]',29,0,0,'2026-11-30T08:27:00.000000+00:00','sent',1,'2026-11-30T08:27:00.000000+00:00','2026-11-30T08:27:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(34,'sms','+447700900025','Thank you. Who''s around you at the moment?','[]',30,0,0,'2026-11-30T08:28:00.000000+00:00','sent',1,'2026-11-30T08:28:00.000000+00:00','2026-11-30T08:28:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(35,'sms','+447700900025','That''s brilliant, thank you. Is there something you''ve been through that you could share with someone going through it now?','[]',31,0,0,'2026-11-30T08:29:00.000000+00:00','sent',1,'2026-11-30T08:29:00.000000+00:00','2026-11-30T08:29:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(36,'sms','+447700900025','What would you enjoy doing for someone? A chat, going along with them, a lift...','[]',32,0,0,'2026-11-30T08:30:00.000000+00:00','sent',1,'2026-11-30T08:30:00.000000+00:00','2026-11-30T08:30:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(37,'sms','+447700900025','Which part of Eastfield could you help in?','[]',33,0,0,'2026-11-30T08:31:00.000000+00:00','sent',1,'2026-11-30T08:31:00.000000+00:00','2026-11-30T08:31:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(38,'sms','+447700900026','Hi, this is the Eastfield neighbours line. I''m a bot, and real local people are behind me. What can we do for you?','[]',34,0,0,'2026-11-30T08:32:00.000000+00:00','sent',1,'2026-11-30T08:32:00.000000+00:00','2026-11-30T08:32:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(39,'sms','+447700900026','Thank you. You said: "I''ve got a housing appointment at the council and I''m dreading going on my own". Have I got that right, or is there more?','["That''s right", "Not quite"]',35,0,0,'2026-11-30T08:33:00.000000+00:00','sent',1,'2026-11-30T08:33:00.000000+00:00','2026-11-30T08:33:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(40,'sms','+447700900026','Thanks. What matters most to you right now?','[]',36,0,0,'2026-11-30T08:34:00.000000+00:00','sent',1,'2026-11-30T08:34:00.000000+00:00','2026-11-30T08:34:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(41,'sms','+447700900026','Thank you. Who''s around you at the moment?','[]',37,0,0,'2026-11-30T08:35:00.000000+00:00','sent',1,'2026-11-30T08:35:00.000000+00:00','2026-11-30T08:35:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(42,'sms','+447700900026','Thank you. What do you enjoy, or what are you good at?','[]',38,0,0,'2026-11-30T08:36:00.000000+00:00','sent',1,'2026-11-30T08:36:00.000000+00:00','2026-11-30T08:36:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(43,'sms','+447700900026','That''s fine. Would you ever like to help other people round here, in your own way?','["Yes", "Maybe later", "No"]',39,0,0,'2026-11-30T08:37:00.000000+00:00','sent',1,'2026-11-30T08:37:00.000000+00:00','2026-11-30T08:37:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(44,'sms','+447700900026','Thank you. Which part of Eastfield are you in? A neighbourhood or the start of your postcode is plenty.','[]',40,0,0,'2026-11-30T08:38:00.000000+00:00','sent',1,'2026-11-30T08:38:00.000000+00:00','2026-11-30T08:38:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(45,'sms','+447700900026','Thank you for telling me all that. I''ve kept it in your words, so nobody will ask you to start again.','[]',41,0,0,'2026-11-30T08:39:00.000000+00:00','sent',1,'2026-11-30T08:39:00.000000+00:00','2026-11-30T08:39:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(46,'sms','+447700900026','Would you like someone who''s been through it to come with you?','["Yes", "No thanks"]',41,0,0,'2026-11-30T08:39:00.000000+00:00','sent',1,'2026-11-30T08:39:00.000000+00:00','2026-11-30T08:39:00.000000+00:00','sms-2',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(47,'sms','+447700900026','Where is it? The name of the place is plenty.','[]',42,0,0,'2026-11-30T08:40:00.000000+00:00','sent',1,'2026-11-30T08:40:00.000000+00:00','2026-11-30T08:40:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(48,'sms','+447700900026','Thanks. When is it? For example: Tuesday at 10, or the 3rd at half two.','[]',43,0,0,'2026-11-30T08:41:00.000000+00:00','sent',1,'2026-11-30T08:41:00.000000+00:00','2026-11-30T08:41:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(49,'sms','+447700900026','What time tomorrow? For example: 10am, or half two.','[]',44,0,0,'2026-11-30T08:42:00.000000+00:00','sent',1,'2026-11-30T08:42:00.000000+00:00','2026-11-30T08:42:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(50,'sms','+447700900027','Hi, this is the Eastfield neighbours line. I''m a bot, and real local people are behind me. What can we do for you?','[]',45,0,0,'2026-11-30T08:43:00.000000+00:00','sent',1,'2026-11-30T08:43:00.000000+00:00','2026-11-30T08:43:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(51,'sms','+447700900027','Thank you. You said: "the bailiffs keep coming round about the council tax". Have I got that right, or is there more?','["That''s right", "Not quite"]',46,0,0,'2026-11-30T08:44:00.000000+00:00','sent',1,'2026-11-30T08:44:00.000000+00:00','2026-11-30T08:44:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(52,'sms','+447700900027','Thanks. What matters most to you right now?','[]',47,0,0,'2026-11-30T08:45:00.000000+00:00','sent',1,'2026-11-30T08:45:00.000000+00:00','2026-11-30T08:45:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(53,'sms','+447700900027','Thank you. Who''s around you at the moment?','[]',48,0,0,'2026-11-30T08:46:00.000000+00:00','sent',1,'2026-11-30T08:46:00.000000+00:00','2026-11-30T08:46:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(54,'sms','+447700900027','Thank you. What do you enjoy, or what are you good at?','[]',49,0,0,'2026-11-30T08:47:00.000000+00:00','sent',1,'2026-11-30T08:47:00.000000+00:00','2026-11-30T08:47:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(55,'sms','+447700900027','That''s fine. Would you ever like to help other people round here, in your own way?','["Yes", "Maybe later", "No"]',50,0,0,'2026-11-30T08:48:00.000000+00:00','sent',1,'2026-11-30T08:48:00.000000+00:00','2026-11-30T08:48:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(56,'sms','+447700900027','Thank you. Which part of Eastfield are you in? A neighbourhood or the start of your postcode is plenty.','[]',51,0,0,'2026-11-30T08:49:00.000000+00:00','sent',1,'2026-11-30T08:49:00.000000+00:00','2026-11-30T08:49:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(57,'sms','+447700900027','Thank you for telling me all that. I''ve kept it in your words, so nobody will ask you to start again.','[]',52,0,0,'2026-11-30T08:50:00.000000+00:00','sent',1,'2026-11-30T08:50:00.000000+00:00','2026-11-30T08:50:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(58,'sms','+447700900027','Here''s who might help:
1. Money Worries Drop-in, Eastfield Community Hub (you mentioned the bailiffs and the council tax)
2. Sam, a neighbour: I''ve been through debt and bailiffs myself. (you mentioned the bailiffs and the council tax)
3. StepClear Debt Help, The Old Fire Station (you mentioned the bailiffs and the council tax)
4. A local person, who''d stay with you
Reply with a number, or NONE if none of these fit.','[]',52,0,0,'2026-11-30T08:50:00.000000+00:00','sent',1,'2026-11-30T08:50:00.000000+00:00','2026-11-30T08:50:00.000000+00:00','sms-2',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(59,'sms','+447700900027','Would you like someone who''s been through it to come with you?','["Yes", "No thanks"]',53,0,0,'2026-11-30T08:51:00.000000+00:00','sent',1,'2026-11-30T08:51:00.000000+00:00','2026-11-30T08:51:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(60,'sms','+447700900027','Where is it? The name of the place is plenty.','[]',54,0,0,'2026-11-30T08:52:00.000000+00:00','sent',1,'2026-11-30T08:52:00.000000+00:00','2026-11-30T08:52:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(61,'sms','+447700900027','Thanks. When is it? For example: Tuesday at 10, or the 3rd at half two.','[]',55,0,0,'2026-11-30T08:53:00.000000+00:00','sent',1,'2026-11-30T08:53:00.000000+00:00','2026-11-30T08:53:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(62,'sms','+447700900027','Thanks. Anything they should know? Or SKIP.','[]',56,0,0,'2026-11-30T08:54:00.000000+00:00','sent',1,'2026-11-30T08:54:00.000000+00:00','2026-11-30T08:54:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(63,'sms','+447700900027','Thanks. So that''s the council offices on Market Street, Thursday 3 December at 2pm. Is that right? I''d share just this with the local people I ask.','["Yes", "Change something"]',57,0,0,'2026-11-30T08:55:00.000000+00:00','sent',1,'2026-11-30T08:55:00.000000+00:00','2026-11-30T08:55:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
INSERT INTO "outbox" VALUES(64,'sms','+447700900027','What name should they ask for when they meet you? A first name is plenty.','[]',58,0,0,'2026-11-30T08:56:00.000000+00:00','sent',1,'2026-11-30T08:56:00.000000+00:00','2026-11-30T08:56:00.000000+00:00','sms-1',NULL,NULL,NULL,NULL);
CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('worker', 'coordinator', 'peer')),
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    areas       TEXT NOT NULL DEFAULT '[]',
    languages   TEXT NOT NULL DEFAULT '[]',
    offer       TEXT NOT NULL DEFAULT '',
    accompanies INTEGER NOT NULL DEFAULT 0,
    on_duty     INTEGER NOT NULL DEFAULT 0, organisation TEXT NOT NULL DEFAULT '',
    UNIQUE (channel, address)
);
INSERT INTO "people" VALUES(1,'Amira Hassan','worker','telegram','5550201','["Eastfield Centre", "Ashby Green"]','["English", "Arabic"]','Community connector at the Community Hub. Money, housing, family, anything: I''ll stay with you until it''s sorted.',1,1,'the Community Hub');
INSERT INTO "people" VALUES(2,'Tom Fletcher','worker','sms','+447700900401','["Millbrook", "Riverside"]','["English"]','Local area coordinator for Millbrook and Riverside. I know most of the groups round here by name.',1,1,'the Millbrook and Riverside local area team');
INSERT INTO "people" VALUES(3,'Grace Mensah','worker','telegram','5550202','["Northgate", "Holloway Park"]','["English", "Twi"]','Family support worker at Northgate Family Centre.',0,0,'Northgate Family Centre');
INSERT INTO "people" VALUES(4,'Helen Wright','coordinator','sms','+447700900402','["Eastfield"]','["English"]','Duty coordinator for the Eastfield neighbours line.',0,1,'the Eastfield neighbours line');
INSERT INTO "people" VALUES(5,'Sam Okafor','peer','telegram','5550101','["Northgate"]','["English"]','I''ve been through debt and bailiffs myself. Happy to go with people to the council or the money advice drop-in, or just talk it through over a brew.',1,0,'');
INSERT INTO "people" VALUES(6,'Bev Collins','peer','sms','+447700900411','["Millbrook"]','["English"]','I looked after my mum for eight years, so I know how tiring caring is. Happy to have a cuppa with other carers, and I know my way round Carer''s Allowance.',0,0,'');
INSERT INTO "people" VALUES(7,'Kasia Nowak','peer','telegram','5550103','["Ashby Green", "Eastfield Centre"]','["Polish", "English"]','I came here from Poland and learned English as a grown-up. I can go with people to appointments and help with letters and forms, in Polish or English.',1,0,'');
INSERT INTO "people" VALUES(8,'Dean Walsh','peer','sms','+447700900412','["Riverside"]','["English"]','Eight years sober. If you''re worried about your drinking I''ll meet you for a coffee, no pressure, and I can come along to a first meeting with you.',1,0,'');
INSERT INTO "people" VALUES(9,'Joyce Adeyemi','peer','sms','+447700900413','["Holloway Park"]','["English", "Yoruba"]','I lost my husband three years ago and I know how lonely it gets. Happy to phone for a chat, or walk down to the lunch club together.',1,0,'');
INSERT INTO "people" VALUES(10,'Ryan Price','peer','telegram','5550104','["Eastfield Centre"]','["English"]','I was homeless for a year and got through it. I can go with you to housing appointments at the council and explain how it all works.',1,0,'');
CREATE TABLE roster_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO "roster_version" VALUES(1,11);
CREATE TABLE sandbox_claims (
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    claimed_at   TEXT NOT NULL,
    PRIMARY KEY (channel, address)
) WITHOUT ROWID;
CREATE TABLE services (
    seq           INTEGER PRIMARY KEY,         -- stable row number the index points at
    id            TEXT NOT NULL UNIQUE,        -- the directory's own id (HSDS: a UUID)
    status        TEXT NOT NULL DEFAULT 'active',
    organization  TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    keywords      TEXT NOT NULL DEFAULT '',    -- other names, programme, taxonomy terms
    email         TEXT,
    url           TEXT,
    phones        TEXT NOT NULL DEFAULT '[]',  -- JSON list, ready to show
    schedule      TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',    -- short: the location's name
    address       TEXT NOT NULL DEFAULT '',
    areas         TEXT NOT NULL DEFAULT '[]',  -- JSON list of the areas served
    contact_name  TEXT,
    contact_phone TEXT,                        -- E.164 mobile of the contact person
    extra         TEXT NOT NULL DEFAULT '{}',
    updated_at    TEXT NOT NULL
);
INSERT INTO "services" VALUES(1,'7102be9c-c580-56bc-b0ac-02404b358f26','active','Eastfield Food Bank Trust','Eastfield Food Bank','Emergency food parcels for individuals and families in crisis, with three days of nutritionally balanced food, toiletries and household essentials. No voucher is needed for a first visit, and volunteers can put you in touch with money advice while you are here.','Food banks; Emergency food','food-bank@example.org','https://example.org/eastfield/food-bank','["01632 960101"]','Mon, Wed and Fri 10am-1pm','Eastfield Baptist Church Hall','Eastfield Baptist Church Hall, 4 Station Road, Eastfield EF1 2BC','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(2,'fec865a4-1c25-5d14-848c-4c712ba61801','active','Millbrook Residents Association','Millbrook Community Pantry','A membership food club: pay £4 a week and choose groceries worth much more, including fresh fruit, vegetables, bread and chilled food. Cuts food waste and helps the household budget go further.','Food clubs; Low-cost food','millbrook-pantry@example.org','https://example.org/eastfield/millbrook-pantry','["01632 960102"]','Thu 12pm-3pm','St Mark''s Hall','St Mark''s Hall, Church Lane, Millbrook, Eastfield EF3 2AB','["Millbrook", "EF3"]','Jo Bailey','+447700900321','{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(3,'bdcf68a3-96d2-51a2-a22d-e4d860a93693','active','Riverside Community Centre','Riverside Food Club','Low-cost groceries and a free hot meal for families on Tuesday evenings: fresh produce, tins, frozen food and baby food, with a cookery session once a month.','Food clubs; Community meals','riverside-food-club@example.org','https://example.org/eastfield/riverside-food-club','["01632 960103"]','Tue 4pm-6pm','Riverside Community Centre','Riverside Community Centre, 3 Wharf Street, Riverside, Eastfield EF5 1RS','["Riverside", "EF5"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(4,'9206523d-17d1-58af-b155-f32f3c346eae','active','Eastfield Money Advice','Money Worries Drop-in','Free, confidential debt and money advice. Help with priority debts such as rent arrears, council tax and energy bills, dealing with creditors and enforcement agents (bailiffs), budgeting, benefit checks and debt relief orders.','Debt advice; Money advice; Benefits advice','money-worries@example.org','https://example.org/eastfield/money-worries','["01632 960104"]','Tue and Thu 10am-2pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]','Sam Patel','+447700900322','{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(5,'4a455fbb-a382-5543-851c-5529a8bb3231','active','StepClear Eastfield','StepClear Debt Help','One-to-one debt counselling, with home visits if you prefer. We negotiate with creditors, set up affordable repayment plans and explain insolvency options such as bankruptcy and IVAs. Help with payday loans, catalogue, overdraft and credit card debts.','Debt advice','stepclear@example.org','https://example.org/eastfield/stepclear','["01632 960105"]','Mon, Tue, Wed, Thu and Fri 9am-5pm','The Old Fire Station','The Old Fire Station, 20 Canal Side, Riverside, Eastfield EF5 2FS','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(6,'224a3c4b-8c50-5d95-916e-82a4b95e35a6','active','Eastfield and District Credit Union','Eastfield Credit Union','A not-for-profit savings and loans co-operative. Affordable small loans as a fair alternative to payday lenders, doorstep lenders and illegal money lenders, plus savings and budgeting accounts.','Affordable credit; Savings','credit-union@example.org','https://example.org/eastfield/credit-union','["01632 960106"]','Mon, Tue, Wed, Thu and Fri 9.30am-4pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(7,'6685849b-ae92-57e6-a1e0-e2dd6b9e0575','active','Eastfield Energy Advice','Warm Homes Eastfield','Energy advice for households struggling with gas and electricity bills. Help with prepayment meters, emergency fuel vouchers and top-ups, fuel debt, the warm home discount, and grants for heating, boilers, insulation and damp.','Energy advice; Fuel poverty','warm-homes@example.org','https://example.org/eastfield/warm-homes','["01632 960107"]','Mon, Tue, Wed, Thu and Fri 9am-5pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(8,'c4e4304f-cc77-5e09-8b98-35c708410346','active','Eastfield Borough Council Housing Options','Eastfield Housing Advice Centre','Housing advice for anyone at risk of losing their home. Help with eviction notices including section 21, rent arrears, homelessness, emergency accommodation, joining the housing register and problems with landlords.','Housing advice; Homelessness prevention','housing-advice@example.org','https://example.org/eastfield/housing-advice','["01632 960108"]','Mon, Tue, Wed, Thu and Fri 9am-4.30pm','Eastfield Town Hall','Eastfield Town Hall, 1 Civic Square, Eastfield EF1 1TH','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(9,'d8fa1442-5e9c-5a54-ae34-206873400f24','active','Eastfield Tenants'' Union','Eastfield Tenants'' Union','Renters standing together. Members back each other up on repairs, damp and mould, disrepair, unfair rent increases, deposit disputes and landlords who will not listen. Monthly meetings and a group chat.','Tenants groups; Private renting','tenants-union@example.org','https://example.org/eastfield/tenants-union','["01632 960109"]','1st Wed of the month 7pm-8.30pm','Northgate Family Centre','Northgate Family Centre, 45 Northgate Road, Northgate, Eastfield EF2 4NP','["Eastfield"]','Priya Shah','+447700900323','{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(10,'d4217af3-bcf4-55ca-9c41-57d4be2e5f31','active','Eastfield Good Neighbours','Good Neighbours Befriending','Friendship for people who feel lonely or isolated. A volunteer befriender visits or phones once a week for a chat and some company, and can come with you to a local activity when you feel ready.','Befriending; Loneliness and isolation','befriending@example.org','https://example.org/eastfield/befriending','["01632 960110"]','Weekly visits or phone calls at a time that suits you','','','["Eastfield"]','Margaret Hughes','+447700900324','{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(11,'7b78f042-0caa-579a-a8a1-aef1a1d12cfa','active','Holloway Park Community Association','Holloway Park Lunch Club','A hot two-course lunch and good company for older people every Wednesday, with tea, cake, quizzes and bingo. Transport can be arranged for anyone who cannot get there on their own.','Lunch clubs; Older people','holloway-lunch-club@example.org','https://example.org/eastfield/holloway-lunch-club','["01632 960111"]','Wed 12pm-2pm','Holloway Park Pavilion','Holloway Park Pavilion, Park Road, Holloway Park, Eastfield EF4 3HP','["Holloway Park", "EF4"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(12,'d960ae85-588e-51ac-87b3-6a70c5c3b403','active','Ashby Green Methodist Church','Ashby Green Friendship Lunch','A warm lunch and company for older people and anyone living alone, every Thursday, with games and a sing-along.','Lunch clubs; Older people','ashby-friendship-lunch@example.org','https://example.org/eastfield/ashby-friendship-lunch','["01632 960138"]','Thu 12pm-2pm','Ashby Green Methodist Church','Ashby Green Methodist Church, 1 Chapel Row, Ashby Green, Eastfield EF6 2AG','["Ashby Green", "EF6"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(13,'0ad2cc34-6777-5118-b2e5-4e39420741ff','active','Northgate Family Centre','Northgate Stay and Play','A friendly parent and toddler group for babies and children under five and the grown-ups who look after them. Play, songs, tea and toast, and a health visitor drops in on the first Monday of the month.','Parent and toddler groups; Early years','northgate-stay-and-play@example.org','https://example.org/eastfield/northgate-stay-and-play','["01632 960112"]','Mon and Fri 9.30am-11.30am','Northgate Family Centre','Northgate Family Centre, 45 Northgate Road, Northgate, Eastfield EF2 4NP','["Northgate", "EF2"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(14,'cb117cb0-dff7-50de-84ba-8b791a2e8375','active','Little Steps Eastfield','Eastfield Baby Bank','Free essentials for babies and children under five: nappies, formula, wipes, clothes, prams, cots and car seats, all donated and safety checked.','Baby banks','baby-bank@example.org','https://example.org/eastfield/baby-bank','["01632 960113"]','Sat 10am-12pm','Riverside Community Centre','Riverside Community Centre, 3 Wharf Street, Riverside, Eastfield EF5 1RS','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(15,'a913b1bd-977a-52e4-b112-420fd553ca70','active','Eastfield Parents Network','Eastfield Dads Group','A group for dads, step-dads, grandads and male carers and their children: Saturday morning play sessions, days out and a chat with other dads.','Parenting; Fathers','dads-group@example.org','https://example.org/eastfield/dads-group','["01632 960139"]','Sat 9.30am-11.30am','Northgate Family Centre','Northgate Family Centre, 45 Northgate Road, Northgate, Eastfield EF2 4NP','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(16,'1c233028-6c6f-583b-b905-fac2310ca717','active','Eastfield Carers Network','Eastfield Carers Cafe','For unpaid carers looking after a family member, partner or friend who is ill, disabled, frail or living with dementia. Meet other carers over coffee, take a break, and find out about carers assessments, Carer''s Allowance and respite.','Carers support','carers-cafe@example.org','https://example.org/eastfield/carers-cafe','["01632 960114"]','2nd Tue of the month 10.30am-12.30pm','The Old Fire Station','The Old Fire Station, 20 Canal Side, Riverside, Eastfield EF5 2FS','["Eastfield"]','Dev Mistry','+447700900325','{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(17,'f19ad3f8-e236-575f-80d7-ffa2d58ee4e0','active','Eastfield Mind Matters','Mind Matters Peer Support Group','A peer support group for adults living with anxiety, depression, low mood, stress or panic attacks. A safe, non-judgemental space to talk and listen, run by people who have been through mental health problems themselves.','Mental health; Peer support','mind-matters@example.org','https://example.org/eastfield/mind-matters','["01632 960115"]','Thu 6.30pm-8pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(18,'e887b605-012d-57d5-929d-54029c833eb5','active','Eastfield NHS Talking Therapies','Eastfield Talking Therapies','Free NHS counselling and cognitive behavioural therapy (CBT) for anxiety, depression, stress, trauma and sleep problems. You can ask for an appointment yourself online or by phone; no GP letter needed.','Counselling; Talking therapy','talking-therapies@example.org','https://example.org/eastfield/talking-therapies','["01632 960116"]','Mon, Tue, Wed, Thu and Fri 9am-5pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(19,'7a9b8154-40c5-55e6-b2a6-eb7ad25d4267','active','Fresh Start Eastfield','Fresh Start Recovery Group','Mutual aid for anyone who wants to change their relationship with alcohol or drugs: SMART Recovery meetings, peer mentors in recovery, and help to get into treatment. Come as you are.','Drug and alcohol support; Addiction recovery','fresh-start@example.org','https://example.org/eastfield/fresh-start','["01632 960117"]','Mon and Thu 6.30pm-8pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]','Lee Carter','+447700900326','{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(20,'111e434a-8428-5be9-8234-ed10dca6a4f9','active','Fresh Start Eastfield','Families Together','Support for parents, partners and relatives affected by a family member''s drinking, drug use or gambling. A monthly group and one-to-one support.','Family support; Addiction','families-together@example.org','https://example.org/eastfield/families-together','["01632 960118"]','3rd Thu of the month 7pm-8.30pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(21,'a2dc29b7-2b45-5e01-a682-e89baf16cdb0','active','Eastfield Works','Eastfield Job Club','Help to find work: CV writing, job applications, interview practice, training courses and volunteering to build experience. Support with Universal Credit work search and starting your own business.','Employment support; Careers advice','job-club@example.org','https://example.org/eastfield/job-club','["01632 960119"]','Wed 10am-12pm','Eastfield Library','Eastfield Library, 10 Library Walk, Eastfield EF1 1DL','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(22,'df5fb028-c780-5fbd-8fa2-23a6350bf100','active','Ashby Green Welcome Project','English Conversation Cafe','Free, informal English conversation practice for speakers of other languages (ESOL), at any level. Make friends, practise everyday English and get help finding ESOL classes. Free creche.','ESOL; Language learning; Arabic; Polish; Ukrainian; Urdu','english-cafe@example.org','https://example.org/eastfield/english-cafe','["01632 960120"]','Tue 1pm-3pm','Ashby Green Methodist Church','Ashby Green Methodist Church, 1 Chapel Row, Ashby Green, Eastfield EF6 2AG','["Ashby Green", "EF6"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z", "languages": ["Arabic", "Polish", "Ukrainian", "Urdu"]}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(23,'9cc5ec18-dc1f-5b7e-8487-ccf84109492e','active','Eastfield Welcome Network','Eastfield Welcome Network','Friendship and practical support for refugees and people seeking asylum: a weekly drop-in with hot food and clothes, help with asylum support and Home Office letters, and introductions to local groups.','Refugees and asylum seekers; Arabic; Farsi; Kurdish','welcome-network@example.org','https://example.org/eastfield/welcome-network','["01632 960121"]','Thu 11am-2pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z", "languages": ["Arabic", "Farsi", "Kurdish"]}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(24,'31fd1066-d7b2-50cb-bae5-6fc87c22dc6d','active','Eastfield Library Service','Get Online Eastfield','Digital skills help, one to one: using a smartphone, tablet or computer, email, online forms, your Universal Credit journal, the NHS app and video calls. Free data SIM cards and refurbished laptops for people who need them.','Digital inclusion; Computer skills','get-online@example.org','https://example.org/eastfield/get-online','["01632 960122"]','Mon 2pm-4pm; Thu 10am-12pm','Eastfield Library','Eastfield Library, 10 Library Walk, Eastfield EF1 1DL','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(25,'62c13ac9-460e-5bbf-b776-b924b99d1c2e','active','Eastfield Library Service','Eastfield Library','Free books, computers and wifi, printing and photocopying, Rhyme Time for babies, a homework club and reading groups. A warm, welcoming space open to everyone.','Libraries','library@example.org','https://example.org/eastfield/library','["01632 960123"]','Mon, Tue, Wed, Thu, Fri and Sat 9am-5pm','Eastfield Library','Eastfield Library, 10 Library Walk, Eastfield EF1 1DL','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(26,'d380ae39-2180-58aa-9a2f-6f7a186467d0','active','Eastfield Community Transport','Eastfield Community Transport','Door-to-door minibus and volunteer car scheme for people who find it hard to use buses, including wheelchair users. Trips to hospital and GP appointments, shopping and social activities. Book by phone two days ahead.','Community transport','community-transport@example.org','https://example.org/eastfield/community-transport','["01632 960124"]','Mon, Tue, Wed, Thu and Fri 9am-4pm','','','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(27,'9e2cb6f0-df0e-5b3f-9032-55642d5b406c','active','Riverside Men''s Shed','Riverside Men''s Shed','A workshop where men, and anyone else, meet to make, mend and chat: woodwork, repairs, tools and tea. Good company and something to do with your hands, especially after retirement, redundancy or a loss.','Men''s groups; Social groups','mens-shed@example.org','https://example.org/eastfield/mens-shed','["01632 960125"]','Tue and Thu 10am-3pm','The Old Fire Station','The Old Fire Station, 20 Canal Side, Riverside, Eastfield EF5 2FS','["Riverside", "EF5"]','Frank Doyle','+447700900327','{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(28,'7b47e678-2c6e-592c-bc11-3c309eed3e74','active','Safe Haven Eastfield','Eastfield Domestic Abuse Support','Free, confidential support for anyone experiencing domestic abuse, including controlling or coercive behaviour, violence, threats or financial abuse by a partner, ex-partner or family member. Safety planning, refuge places and support through court.','Domestic abuse','domestic-abuse@example.org','https://example.org/eastfield/domestic-abuse','["01632 960126"]','Mon, Tue, Wed, Thu, Fri, Sat and Sun 9am-9pm','','','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(29,'06527c9f-5405-5cb3-8af9-fe3c3d0e6e1f','active','Northgate Family Centre','Northgate Youth Club','A youth club for young people aged 11 to 18: sport, music, cooking, games and trips, with youth workers to talk to. Somewhere safe and free to go in the evenings.','Youth clubs; Young people','northgate-youth-club@example.org','https://example.org/eastfield/northgate-youth-club','["01632 960127"]','Mon and Thu 6pm-9pm','Northgate Family Centre','Northgate Family Centre, 45 Northgate Road, Northgate, Eastfield EF2 4NP','["Northgate", "EF2"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(30,'cab5c3dc-af51-587c-b375-ef77b6cf6c0a','active','Walk Eastfield','Eastfield Health Walks','Free, friendly led walks of 30 to 60 minutes for all abilities. Gentle exercise, fresh air and a chat, finishing with a cuppa. Walks start at the Millbrook Park gates.','Walking groups; Physical activity','health-walks@example.org','https://example.org/eastfield/health-walks','["01632 960128"]','Wed 2pm-3pm; Sat 10am-11.30am','Millbrook Park','Millbrook Park, Park Gates, Mill Lane, Millbrook, Eastfield EF3 1MP','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(31,'07f984ce-87de-5722-a41a-7d98ef923afe','active','Eastfield Advice','Eastfield Advice Centre','Free, independent advice on benefits including Universal Credit and PIP, help filling in forms, appeals and sanctions, employment rights, consumer problems and immigration. Drop in or book an appointment.','Welfare rights; General advice','advice-centre@example.org','https://example.org/eastfield/advice-centre','["01632 960129"]','Mon, Wed and Fri 10am-3pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(32,'0a1dfab2-3a04-54ca-87f7-e27cc68f8a00','active','ReLove Eastfield','ReLove Furniture Project','Good quality donated furniture and household appliances at low prices, or free with a voucher: beds, mattresses, sofas, wardrobes, fridges, cookers and washing machines. Delivery available for people setting up home.','Furniture reuse','relove-furniture@example.org','https://example.org/eastfield/relove-furniture','["01632 960130"]','Tue, Wed, Thu, Fri and Sat 10am-4pm','Unit 4, Brook Trading Estate','Unit 4, Brook Trading Estate, Brook Road, Millbrook, Eastfield EF3 4TE','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(33,'24896781-22d3-5a0e-b751-33f04ac44b67','active','Eastfield Parents Network','Eastfield School Uniform Swap','Free preloved school uniform, PE kit, school shoes and winter coats for children at any Eastfield school. Take what you need and bring back what your children have grown out of.','School uniform','uniform-swap@example.org','https://example.org/eastfield/uniform-swap','["01632 960131"]','1st Sat of the month 10am-12pm','Eastfield Library','Eastfield Library, 10 Library Walk, Eastfield EF1 1DL','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(34,'d454c425-0e14-56ea-8603-5bb88861480b','active','Ashby Green Methodist Church','Ashby Green Warm Hub','A warm, welcoming space with free hot drinks, soup and toast, phone charging, wifi, newspapers and board games. Come for an hour or the whole afternoon; no need to book.','Warm spaces; Community cafes','ashby-warm-hub@example.org','https://example.org/eastfield/ashby-warm-hub','["01632 960132"]','Mon, Wed and Fri 12pm-4pm','Ashby Green Methodist Church','Ashby Green Methodist Church, 1 Chapel Row, Ashby Green, Eastfield EF6 2AG','["Ashby Green", "EF6"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(35,'442155eb-9eb2-585d-9c63-32b2ae140770','active','Eastfield Bereavement Support','Eastfield Bereavement Support','Support for people grieving the death of someone close: a monthly bereavement group, one-to-one listening, and help with the practical things after a death. For adults and children.','Bereavement; Grief support','bereavement@example.org','https://example.org/eastfield/bereavement','["01632 960133"]','2nd Thu of the month 2pm-4pm','Ashby Green Methodist Church','Ashby Green Methodist Church, 1 Chapel Row, Ashby Green, Eastfield EF6 2AG','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(36,'0323c66b-74bd-57bd-8b3f-6e656a4ad885','active','Age Well Eastfield','Age Well Eastfield','Information, advice and activities for people over 60: Pension Credit and Attendance Allowance checks, help at home, falls prevention, gentle exercise classes and a weekly coffee morning.','Older people; Pensions','age-well@example.org','https://example.org/eastfield/age-well','["01632 960134"]','Mon, Tue, Wed, Thu and Fri 9.30am-3.30pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(37,'c6d5e53f-58a4-50e1-8bbe-3460170b477e','active','The Doorway Eastfield','The Doorway Day Centre','A day centre for people who are homeless, sleeping rough or in insecure housing. Breakfast, showers, laundry, a postal address, clothes, and help with housing and health.','Homelessness; Day centres','doorway@example.org','https://example.org/eastfield/doorway','["01632 960135"]','Mon, Tue, Wed, Thu and Fri 8.30am-1pm','The Doorway','The Doorway, 7 Canal Side, Riverside, Eastfield EF5 2DW','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(38,'99bc1d52-2cf4-5b2d-ba0d-9dfe48a8f900','active','Millbrook Growers','Millbrook Community Garden','Volunteer gardening for all: grow fruit and vegetables, share the harvest, learn new skills and enjoy being outdoors. Good for wellbeing, and no experience needed.','Community gardens; Volunteering','millbrook-garden@example.org','https://example.org/eastfield/millbrook-garden','["01632 960136"]','Wed 1pm-4pm; Sat 10am-1pm','Millbrook Park','Millbrook Park, Park Gates, Mill Lane, Millbrook, Eastfield EF3 1MP','["Millbrook", "EF3"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(39,'abb3c8dc-8d35-50b2-9d8c-b59905dcccc0','active','Eastfield Council for Voluntary Service','Volunteer Eastfield','Find a volunteering role that suits you, from a couple of hours a month to a regular weekly slot. Meet people, build confidence and skills, and give something back to your community.','Volunteering','volunteer-eastfield@example.org','https://example.org/eastfield/volunteer-eastfield','["01632 960137"]','Mon, Tue, Wed, Thu and Fri 10am-4pm','Eastfield Community Hub','Eastfield Community Hub, 2 Market Street, Eastfield EF1 1AB','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(40,'a67755ab-6c8f-5b07-8ee9-4ef381d02443','active','Eastfield Pride','Eastfield Pride Social','A friendly social group for LGBTQ+ adults: monthly meet-ups, walks and film nights. A relaxed place to make friends.','LGBTQ+ groups; Social groups','pride-social@example.org','https://example.org/eastfield/pride-social','[]','last Fri of the month 7pm-9pm','Brew and Bake Cafe','Brew and Bake Cafe, 18 High Street, Eastfield EF1 3HS','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
INSERT INTO "services" VALUES(41,'1eb3d19a-ccf5-5558-a430-8685793de11b','active','Eastfield Borough Council','Eastfield Crisis Support Fund','Emergency help for people facing a crisis: payments for food and fuel top-ups, and essential items such as beds, cookers and fridges for people setting up home after leaving care, prison, hospital or a refuge.','Crisis support; Local welfare assistance','welfare-assistance@example.org','https://example.org/eastfield/welfare-assistance','["01632 960140"]','Mon, Tue, Wed, Thu and Fri 9am-5pm','Eastfield Town Hall','Eastfield Town Hall, 1 Civic Square, Eastfield EF1 1TH','["Eastfield"]',NULL,NULL,'{"last_modified": "2026-10-01T09:00:00Z"}','2026-11-30T07:14:12.150919+00:00');
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,                 -- sha256 of the cookie's value
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sign_ins (
    token_hash TEXT PRIMARY KEY,                 -- sha256 of the token in the link
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    used_at    TEXT
) WITHOUT ROWID;
CREATE TABLE time_given (
    id           INTEGER PRIMARY KEY,
    peer_channel TEXT NOT NULL,
    peer_address TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    given_on     TEXT NOT NULL          -- the day of the visit, YYYY-MM-DD
);
CREATE TABLE timers (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    address    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL DEFAULT '{}',
    due_at     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    fired_at   TEXT,
    cancelled  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "timers" VALUES(1,'sms','+447700900024','handoff_escalate','{}','2026-11-30T08:53:00.000000+00:00','2026-11-30T08:23:00.000000+00:00',NULL,1);
CREATE TABLE visit_asks (
    visit_id     INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    peer_channel TEXT NOT NULL,
    peer_address TEXT NOT NULL,
    peer_name    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'asked'
                 CHECK (status IN ('asked', 'accepted', 'declined', 'withdrawn')),
    asked_at     TEXT NOT NULL,
    answered_at  TEXT,
    PRIMARY KEY (visit_id, peer_channel, peer_address)
) WITHOUT ROWID;
CREATE TABLE visits (
    id               INTEGER PRIMARY KEY,
    resident_channel TEXT NOT NULL,
    resident_address TEXT NOT NULL,
    resident_name    TEXT NOT NULL DEFAULT '',
    place            TEXT NOT NULL,
    at               TEXT NOT NULL,      -- the appointment, UTC
    notes            TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'asking' CHECK (status IN
                     ('asking', 'covered', 'after', 'unanswered', 'cancelled', 'done')),
    peer_channel     TEXT,
    peer_address     TEXT,
    peer_name        TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    covered_at       TEXT,
    -- Afterwards, in each one's own words; the peer's time is kept so it can be recognised.
    resident_said    TEXT,
    peer_said        TEXT,
    minutes          INTEGER
);
CREATE INDEX inbound_by_address ON inbound (channel, address);
CREATE INDEX conversations_idle ON conversations (coalesce(last_seen_at, updated_at));
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_by_address ON outbox (channel, address, id);
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL AND cancelled = 0;
CREATE INDEX timers_by_address ON timers (channel, address, kind);
CREATE INDEX links_by_resident ON links (resident_channel, resident_address, status);
CREATE INDEX links_by_helper ON links (helper_channel, helper_address, status);
CREATE TRIGGER services_fts_insert AFTER INSERT ON services BEGIN
    INSERT INTO services_fts (rowid, name, organization, description, keywords)
    VALUES (new.seq, new.name, new.organization, new.description, new.keywords);
END;
CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, name, organization, description, keywords)
    VALUES ('delete', old.seq, old.name, old.organization, old.description, old.keywords);
END;
CREATE TRIGGER services_fts_update AFTER UPDATE ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, name, organization, description, keywords)
    VALUES ('delete', old.seq, old.name, old.organization, old.description, old.keywords);
    INSERT INTO services_fts (rowid, name, organization, description, keywords)
    VALUES (new.seq, new.name, new.organization, new.description, new.keywords);
END;
CREATE INDEX people_by_role ON people (role, on_duty);
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, offer) VALUES (new.id, new.offer);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, offer) VALUES ('delete', old.id, old.offer);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF offer ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, offer) VALUES ('delete', old.id, old.offer);
    INSERT INTO people_fts (rowid, offer) VALUES (new.id, new.offer);
END;
CREATE INDEX outbox_by_provider_id ON outbox (channel, provider_id)
    WHERE provider_id IS NOT NULL;
CREATE TRIGGER outbox_delivery_early AFTER UPDATE OF provider_id ON outbox
WHEN NEW.provider_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM delivery_early e
    WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id
)
BEGIN
    UPDATE outbox SET
        delivery_status = (SELECT e.status FROM delivery_early e
                           WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id),
        delivery_updated_at = (SELECT e.at FROM delivery_early e
                               WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id),
        delivery_error = (SELECT e.error FROM delivery_early e
                          WHERE e.channel = NEW.channel AND e.provider_id = NEW.provider_id)
    WHERE id = NEW.id;
    DELETE FROM delivery_early WHERE channel = NEW.channel AND provider_id = NEW.provider_id;
END;
CREATE INDEX handoffs_by_resident ON handoffs (resident_channel, resident_address);
CREATE INDEX links_by_handoff ON links (handoff_id);
CREATE INDEX sign_ins_by_age ON sign_ins (created_at);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX audit_by_handoff ON audit (handoff_id, at);
CREATE INDEX audit_by_resident ON audit (resident_channel, resident_address);
CREATE VIEW handoffs_seen AS
SELECT h.*,
    (SELECT l.helper_name FROM links l WHERE l.handoff_id = h.id AND l.status = 'accepted'
     ORDER BY l.id DESC LIMIT 1) AS holder,
    (SELECT count(*) FROM (SELECT DISTINCT l.helper_channel, l.helper_address FROM links l
     WHERE l.kind = 'handoff' AND l.status IN ('accepted', 'closed')
     AND l.resident_channel = h.resident_channel
     AND l.resident_address = h.resident_address)) AS hands
FROM handoffs h;
CREATE INDEX visits_by_resident ON visits (resident_channel, resident_address, status);
CREATE INDEX visits_by_peer ON visits (peer_channel, peer_address, status);
CREATE INDEX visit_asks_by_peer ON visit_asks (peer_channel, peer_address, status);
CREATE INDEX time_given_by_peer ON time_given (peer_channel, peer_address);
CREATE INDEX consents_by_person ON consents (channel, address);
CREATE TRIGGER roster_version_insert AFTER INSERT ON people BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER roster_version_update AFTER UPDATE ON people BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER roster_version_delete AFTER DELETE ON people BEGIN
    UPDATE roster_version SET version = version + 1 WHERE id = 1;
END;
CREATE INDEX inbound_unprocessed ON inbound (seq)
    WHERE processed_at IS NULL AND set_aside_at IS NULL;
CREATE VIRTUAL TABLE people_fts USING fts5(
    offer,
    content = 'people', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO people_fts(people_fts) VALUES('rebuild');
CREATE VIRTUAL TABLE services_fts USING fts5(
    name, organization, description, keywords,
    content = 'services', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO services_fts(services_fts) VALUES('rebuild');
COMMIT;
