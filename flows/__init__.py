"""The decisions, pure: one message in, what changes and what to say out. No I/O.

``router`` holds the guards in the order they win; ``journeys`` the registry of flows by
state; ``step`` the one value every flow takes. Each folder is a journey: ``listen``
(first contact), ``connect`` (people and groups), ``offer`` (becoming a peer),
``accompany`` (someone to go with you), ``handoff`` (a named person who stays),
``anywhere`` (what is heard from any state), ``safety`` (reading danger).
"""
