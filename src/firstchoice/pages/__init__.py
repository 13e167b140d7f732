"""The pages that combine several apps, and their API twins: the top layer.

Each app imports only from the apps below it (CONTRIBUTING.md, "Layers"). A page that
shows several apps at once sits above all of them, here: the customer page and list with
their research editing, API and dossier import (`customers/`: research, sales, focus lists,
key people, and the customer scoping that lives in `portfolio`), the board with its cards'
key-people flags and plan status (`board.py`), and My actions beside the learning plan
(`my_actions.py`). No model lives here; templates stay with the app they show.
"""
