from ninja import NinjaAPI

api = NinjaAPI(title="jxjy", version="1")
