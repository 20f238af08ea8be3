/* crm-notes.h - thanks, notes and lost customers (db-notes.c); included by crm.h */
#ifndef CRM_NOTES_H
#define CRM_NOTES_H

#endif
