from django.urls import path

from thanthien.disclosure import public

app_name = "disclosure_public"
urlpatterns = [
    path("<slug:slug>/cong-khai/", public.item_list, name="list"),
    path("<slug:slug>/cong-khai/atom.xml", public.item_feed, name="feed"),
    path("<slug:slug>/cong-khai/<str:code>/", public.item_detail, name="detail"),
    path("<slug:slug>/cong-khai/<str:code>/hoi/", public.item_ask, name="ask"),
    path("<slug:slug>/cong-khai/<str:code>/in/", public.item_print, name="print"),
    path("<slug:slug>/cong-khai/<str:code>/tep/<int:file_id>/", public.item_file, name="file"),
    path("<slug:slug>/bang-tin/", public.board, name="board"),
    path("<slug:slug>/bang-tin/tv/", public.board_tv, name="board_tv"),
    path("<slug:slug>/bang-tin/du-lieu.csv", public.board_csv, name="board_csv"),
    path("<slug:slug>/thong-bao/", public.announcement_list, name="announcements"),
    path("<slug:slug>/thong-bao/<str:code>/", public.announcement_detail, name="announcement"),
    path("<slug:slug>/thong-bao/<str:code>/anh/", public.announcement_image, name="announcement_image"),
]
