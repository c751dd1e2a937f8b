from django.urls import path

from . import views

app_name = "counting"
urlpatterns = [
    path("elections/<int:election>/", views.station, name="station"),
    path("elections/<int:election>/live/", views.live, name="live"),
    path("elections/<int:election>/upload/", views.upload, name="upload"),
    path("elections/<int:election>/batch/", views.batch_new, name="batch_new"),
    path("elections/<int:election>/seal/", views.seal_sample, name="seal_sample"),
    path("elections/<int:election>/issued/", views.issued, name="issued"),
    path("elections/<int:election>/confirm/", views.confirm, name="confirm"),
    path("elections/<int:election>/next-round/", views.next_round, name="next_round"),
    path("elections/<int:election>/tokens/", views.token_new, name="token_new"),
    path(
        "elections/<int:election>/tokens/<int:pk>/revoke/",
        views.token_revoke,
        name="token_revoke",
    ),
    path("elections/<int:election>/projector/", views.projector_new, name="projector_new"),
    path("elections/<int:election>/minutes.<str:kind>", views.minutes, name="minutes"),
    path("elections/<int:election>/record.zip", views.record_zip, name="record_zip"),
    path("elections/<int:election>/review/", views.review_list, name="review"),
    path("elections/<int:election>/review/<str:key>/", views.review_page, name="review_page"),
    path(
        "elections/<int:election>/review/<str:key>/image.png",
        views.review_image,
        name="review_image",
    ),
    path("elections/<int:election>/batches/manual/", views.manual_batch_new, name="manual_batch"),
    path("elections/<int:election>/batches/<int:number>/", views.batch_page, name="batch"),
    path(
        "elections/<int:election>/batches/<int:number>/totals/",
        views.batch_totals,
        name="batch_totals",
    ),
    path(
        "elections/<int:election>/batches/<int:number>/settle/<int:position>/",
        views.batch_settle,
        name="batch_settle",
    ),
    path("elections/<int:election>/batches/<int:number>/entry/", views.entry, name="entry"),
    path(
        "elections/<int:election>/batches/<int:number>/entry/row/",
        views.entry_row,
        name="entry_row",
    ),
    path(
        "elections/<int:election>/batches/<int:number>/entry/delete/",
        views.entry_delete,
        name="entry_delete",
    ),
    path(
        "elections/<int:election>/batches/<int:number>/entry/finish/",
        views.entry_finish,
        name="entry_finish",
    ),
    path("elections/<int:election>/reopen/", views.reopen, name="reopen"),
    path("elections/<int:election>/handcheck/", views.handcheck, name="handcheck"),
    path("elections/<int:election>/handcheck/more/", views.handcheck_more, name="handcheck_more"),
    path("elections/<int:election>/handcheck.pdf", views.handcheck_pdf, name="handcheck_pdf"),
    path(
        "elections/<int:election>/handcheck/<str:batch>/",
        views.handcheck_batch,
        name="handcheck_batch",
    ),
    path("congress/<int:congress>/accounts/", views.accounts, name="accounts"),
    path("congress/<int:congress>/accounts/issue/", views.accounts_issue, name="accounts_issue"),
    path(
        "congress/<int:congress>/accounts/<int:pk>/reissue/",
        views.account_reissue,
        name="account_reissue",
    ),
    path("congress/<int:congress>/end/", views.counting_end, name="counting_end"),
    path("account/password/", views.account_password, name="account_password"),
    path("projector/<str:token>/", views.projector, name="projector"),
    path("projector/<str:token>/live/", views.projector_live, name="projector_live"),
]
